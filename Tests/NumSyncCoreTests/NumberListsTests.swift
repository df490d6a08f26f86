import NumSyncFixtures
import Testing

@testable import NumSyncCore

/// Entries of any list, for tests about lists other than exclusive numbers.
func entry(
    _ number: String, in list: PortSIPList, _ values: [String: FieldValue] = [:], line: Int = 1
) -> DesiredNumber {
    var fields = list.defaultValues
    for (name, value) in values {
        if let field = list.field(named: name) { fields[field.position] = value }
    }
    return DesiredNumber(
        number: number, values: fields, source: NumSyncCore.SourceLocation(file: "lists.yaml", line: line, column: 13))
}

func record(
    _ number: String, in list: PortSIPList, _ values: [String: FieldValue] = [:], id: String? = nil
) -> ObservedRecord {
    var fields = list.defaultValues
    for (name, value) in values {
        if let field = list.field(named: name) { fields[field.position] = value }
    }
    return ObservedRecord(id: id ?? "id-\(number)", key: number, values: fields, createdAt: "2026-01-01T00:00:00Z")
}

@Suite("Number lists")
struct NumberListsTests {
    func file(_ name: String, _ sections: [DesiredFile.Section]) -> DesiredFile {
        DesiredFile(file: name, sections: sections)
    }

    @Test("exactly one list is primary: the first, which files that name none are about and messages leave unnamed")
    func onePrimaryList() {
        #expect(PortSIPList.all.filter(\.isPrimary).map(\.key) == ["exclusive_numbers"])
        #expect(PortSIPList.primary == PortSIPList.all[0])
        #expect(PortSIPList.primary.messageQualifier == "")
        #expect(PortSIPList.vipNumbers.messageQualifier == "vip_numbers ")
        #expect(!PortSIPList.callQueues.isPrimary)
    }

    @Test("a list no file names is not managed; a file that names none manages exclusive numbers, as always")
    func onlyNamedListsAreManaged() {
        let vip = DesiredFile.Section(list: .vipNumbers, numbers: [entry("+1", in: .vipNumbers)])
        let state = DesiredState.combining([file("a.yaml", [vip])]).state
        #expect(state.namedLists == [.vipNumbers])
        #expect(DesiredState.combining([file("a.yaml", [])]).state.namedLists == [.exclusiveNumbers])
        let plan = Plan(desired: state, observed: ["exclusive_numbers": [record("+9", in: .exclusiveNumbers)]])
        #expect(plan.lists.map(\.list) == [.vipNumbers])
        #expect(plan.changes.map(\.number) == ["+1"])
    }

    @Test("the same number may be in several lists; within one list it is a duplicate")
    func duplicatesArePerList() {
        let sections = PortSIPList.all.map { list in
            DesiredFile.Section(
                list: list, numbers: [entry("+1", in: list, ["level": .string("FIRST")])])
        }
        let (state, diagnostics) = DesiredState.combining([file("a.yaml", sections), file("b.yaml", [sections[3]])])
        #expect(diagnostics.filter { $0.severity == .error }.map(\.message) == [#"duplicate number "+1""#])
        #expect(state.lists.map(\.numbers.count) == [1, 1, 1, 1])
        // A VIP that is blacklisted too is warned about, once per blacklist.
        #expect(diagnostics.filter { $0.severity == .warning }.count == 2)
    }

    @Test(
        "unmanaged is one policy for every list, or a mapping per list",
        arguments: [
            (nil, [("vip_numbers", UnmanagedPolicy.delete)], [UnmanagedPolicy.ignore, .delete]),
            (UnmanagedPolicy.delete, [], [.delete, .delete]),
            (UnmanagedPolicy.disable, [("exclusive_numbers", .disable)], [.disable, .disable]),
        ] as [(UnmanagedPolicy?, [(String, UnmanagedPolicy)], [UnmanagedPolicy])])
    func policies(general: UnmanagedPolicy?, perList: [(String, UnmanagedPolicy)], expected: [UnmanagedPolicy]) {
        let at = NumSyncCore.SourceLocation(file: "a.yaml", line: 1, column: 12)
        var a = file(
            "a.yaml",
            [DesiredFile.Section(list: .exclusiveNumbers), DesiredFile.Section(list: .vipNumbers)])
        a.unmanaged = general.map { Located($0, at: at) }
        a.unmanagedByList = perList.map {
            DesiredFile.ListPolicy(list: PortSIPList.named($0.0)!, policy: Located($0.1, at: at))
        }
        let (state, diagnostics) = DesiredState.combining([a])
        #expect(diagnostics.isEmpty)
        #expect(state.lists.map(\.unmanaged) == expected)
    }

    @Test("a list without enabled cannot be told to disable, and a policy for an unnamed list is an error")
    func policiesThatCannotApply() {
        let at = NumSyncCore.SourceLocation(file: "a.yaml", line: 1, column: 12)
        var a = file("a.yaml", [DesiredFile.Section(list: .blacklistedNumbers)])
        a.unmanaged = Located(.disable, at: at)
        a.unmanagedByList = [DesiredFile.ListPolicy(list: .vipNumbers, policy: Located(.delete, at: at))]
        let messages = DesiredState.combining([a]).diagnostics.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.contains { $0.hasPrefix("`unmanaged: disable` cannot apply to `blacklisted_numbers`") })
        #expect(messages.contains { $0.hasPrefix("`unmanaged` sets a policy for `vip_numbers`") })
    }

    @Test("a policy per list that contradicts the general one is a conflict")
    func contradictingPolicies() {
        let at = NumSyncCore.SourceLocation(file: "a.yaml", line: 1, column: 12)
        var a = file("a.yaml", [DesiredFile.Section(list: .vipNumbers)])
        a.unmanaged = Located(.delete, at: at)
        var b = file("b.yaml", [])
        b.unmanagedByList = [DesiredFile.ListPolicy(list: .vipNumbers, policy: Located(.ignore, at: at))]
        #expect(
            DesiredState.combining([a, b]).diagnostics.map(\.message) == [
                "`unmanaged.vip_numbers` is ignore here but delete in another file; set it in one file only, or make them agree"
            ])
    }

    @Test("expire_at is compared as an instant, and the file's text is what an update sends")
    func timestampsAreInstants() {
        let desired = DesiredList(
            numbers: [
                entry("+1", in: .vipNumbers, ["expire_at": .string("2027-06-30T23:59:59+02:00")]),
                entry("+2", in: .vipNumbers, ["expire_at": .string("2027-06-30T23:59:59.000Z")]),
                entry("+3", in: .vipNumbers, ["expire_at": .string("2027-06-30T23:59:59Z")]),
                entry("+4", in: .vipNumbers),
            ], in: .vipNumbers)
        let observed = [
            record("+1", in: .vipNumbers, ["expire_at": .string("2027-06-30T21:59:59Z")]),
            record("+2", in: .vipNumbers, ["expire_at": .string("2027-06-30T23:59:59Z")]),
            record("+3", in: .vipNumbers, ["expire_at": .string("2027-06-30T23:59:58Z")]),
            record("+4", in: .vipNumbers, ["expire_at": .string("2027-06-30T23:59:58Z")]),
        ]
        let plan = ListPlan(desired: desired, observed: observed, policy: PlanPolicy(unmanaged: .ignore))
        #expect(plan.changes.map(\.number) == ["+3", "+4"])
        #expect(plan.changes[0].assignments.map(\.value) == [.string("2027-06-30T23:59:59Z")])
        // Clearing an expiry sends blank: the client sends it as null.
        #expect(plan.changes[1].assignments.map(\.value) == [.string("")])
    }

    @Test("the level of a harass number is planned like any field; trigger_times is never a field")
    func harassNumbers() {
        let list = PortSIPList.callQueueBlacklistedNumbers
        #expect(list.field(named: "trigger_times") == nil)
        #expect(list.otherFields.contains("trigger_times"))
        let plan = ListPlan(
            desired: DesiredList(numbers: [entry("+1", in: list, ["level": .string("SECOND")])], in: list),
            observed: [record("+1", in: list, ["level": .string("FIRST")])],
            policy: PlanPolicy(unmanaged: .disable))
        #expect(plan.changes.map { $0.fieldChanges.map(\.field.name) } == [["level"]])
    }

    @Test("unmanaged blacklist entries are deleted or left, never disabled")
    func blacklistCannotDisable() {
        let list = PortSIPList.blacklistedNumbers
        let observed = [record("+1", in: list)]
        let desired = DesiredList(numbers: [], in: list)
        #expect(ListPlan(desired: desired, observed: observed, policy: PlanPolicy(unmanaged: .disable)).isEmpty)
        #expect(
            ListPlan(desired: desired, observed: observed, policy: PlanPolicy(unmanaged: .delete)).changes.map(\.action)
                == [.delete])
    }

    @Test(
        "each list's key field takes what PortSIP takes",
        arguments: [
            (PortSIPList.vipNumbers, "+14155550100", true), (.vipNumbers, "8000", true),
            (.vipNumbers, "+1 415", false), (.vipNumbers, "ABC", false),
            (.callQueueBlacklistedNumbers, "+1+2", true), (.callQueueBlacklistedNumbers, "1-800", false),
            (.blacklistedNumbers, "+1900SPAM", true), (.blacklistedNumbers, "anonymous", true),
            (.blacklistedNumbers, "++1", false), (.blacklistedNumbers, "+", false), (.blacklistedNumbers, "1+1", false),
            (.exclusiveNumbers, "sip:any text", true),
        ])
    func keyPatterns(list: PortSIPList, number: String, allowed: Bool) {
        #expect(list.problems(ofNumber: number).isEmpty == allowed)
    }

    @Test("entries that expired before the given time are warned about; later ones and blanks are not")
    func expiredEntries() {
        let state = DesiredState(
            DesiredList(
                numbers: [
                    entry("+1", in: .vipNumbers, ["expire_at": .string("2026-11-30T23:59:59Z")]),
                    entry("+2", in: .vipNumbers, ["expire_at": .string("2026-12-01T02:00:00+01:00")]),
                    entry("+3", in: .vipNumbers, ["expire_at": .string("2026-12-01T12:00:00Z")]),
                    entry("+4", in: .vipNumbers),
                ], in: .vipNumbers))
        let warnings = state.expiredEntries(asOf: "2026-12-01T10:00:00Z")
        #expect(warnings.map(\.severity) == [.warning, .warning])
        #expect(warnings.map { $0.message.prefix(4) } == [#""+1""#, #""+2""#])
        #expect(state.expiredEntries(asOf: "not a time").isEmpty)
    }

    @Test("the safety threshold counts each list against its own records")
    func safetyPerList() {
        let vip = PortSIPList.vipNumbers
        let state = DesiredState(lists: [
            DesiredList(numbers: [], in: .exclusiveNumbers, unmanaged: .ignore),
            DesiredList(numbers: [], in: vip, unmanaged: .delete),
        ])
        let observed = [
            "exclusive_numbers": (0..<100).map { record("+1\($0)", in: .exclusiveNumbers) },
            "vip_numbers": (0..<10).map { record("+2\($0)", in: vip) },
        ]
        let refusal = SafetyThreshold.standard.refusal(of: Plan(desired: state, observed: observed))
        // 10 deletes of 110 records would pass; 10 of the 10 VIP numbers do not.
        #expect(refusal?.list == vip)
        #expect(refusal?.description.contains("10 of the 10 records of `vip_numbers`") == true)
    }
}

@Suite("Saved plans over several lists")
struct SavedPlanListsTests {
    @Test("the same number created in two lists is consistent; twice in one list it is not")
    func numbersAreScopedToTheirList() {
        let vip = Change.create(entry("+1", in: .vipNumbers), in: .vipNumbers)
        let blocked = Change.create(entry("+1", in: .blacklistedNumbers), in: .blacklistedNumbers)
        #expect(Change.inconsistencies(in: [vip, blocked]).isEmpty)
        #expect(Change.inconsistencies(in: [vip, vip]).map(\.reason) == ["creates the same number as operations[0]"])
    }

    @Test("a disable of a blacklist entry is refused: the list has no enabled")
    func blacklistDisableIsInconsistent() {
        let list = PortSIPList.blacklistedNumbers
        let held = record("+1", in: list)
        let forged = Change(
            action: .disable, list: list, number: "+1", id: held.id, assignments: [], observed: held)
        #expect(
            Change.inconsistencies(in: [forged]).map(\.reason) == [
                "blacklisted_numbers cannot be disabled, only deleted"
            ])
    }

    @Test("staleness is checked against each list's own records")
    func stalenessPerList() {
        let create = Change.create(entry("+1", in: .vipNumbers), in: .vipNumbers)
        // +1 is an exclusive number already: that does not make the VIP create stale.
        let observed = ["exclusive_numbers": [record("+1", in: .exclusiveNumbers)], "vip_numbers": []]
        #expect(Staleness.check([create], against: observed).isEmpty)
        let stale = Staleness.check([create], against: ["vip_numbers": [record("+1", in: .vipNumbers)]])
        #expect(stale.map(\.description) == [#"vip_numbers "+1": planned as a create, but the server now holds it"#])
    }
}
