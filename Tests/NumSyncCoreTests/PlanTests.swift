import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Plan")
struct PlanTests {
    @Test("a number absent from the server is created with every field")
    func absentNumberIsCreated() {
        let result = plan([wanted("+1", enabled: false, "Sales")], [])
        #expect(shorthand(result) == ["create +1"])
        #expect(
            result.changes[0].assignments == [
                .init(.number, .string("+1")), .init(.enabled, .bool(false)), .init(.description, .string("Sales")),
            ])
        #expect(result.changes[0].source?.line == 1)
        #expect(result.changes[0].observed == nil)
    }

    @Test("an equal number is unchanged")
    func equalNumberIsUnchanged() {
        let result = plan([wanted("+1", "Sales")], [held("+1", "Sales")])
        #expect(result.isEmpty)
        #expect(result.unchangedCount == 1)
    }

    @Test(
        "an update sends only the changed fields, each with before and after",
        arguments: [
            (wanted("+1", enabled: true, "new"), held("+1", enabled: true, "old"), ["description"]),
            (wanted("+1", enabled: false, "same"), held("+1", enabled: true, "same"), ["enabled"]),
            (wanted("+1", enabled: false, "new"), held("+1", enabled: true, "old"), ["enabled", "description"]),
        ])
    func updateSendsOnlyChangedFields(desired: DesiredNumber, observed: ObservedRecord, fields: [String]) {
        let result = plan([desired], [observed])
        #expect(result.changes.count == 1)
        let change = result.changes[0]
        #expect(change.action == .update)
        #expect(change.id == observed.id)
        #expect(change.assignments.map(\.field.rawValue) == fields)
        #expect(change.fieldChanges.map(\.field.rawValue) == fields)
        for change in change.fieldChanges {
            #expect(change.before == observed.record[change.field])
            #expect(change.after == desired.record[change.field])
        }
        #expect(change.observed == observed)
    }

    @Test("a null description on the server equals an omitted one in the file")
    func nullAndEmptyDescriptionsAreEqual() {
        // The client turns the server's null into "", so both sides are empty.
        let result = plan([wanted("+1")], [held("+1", "")])
        #expect(result.isEmpty)
    }

    @Test(
        "unmanaged numbers follow the policy",
        arguments: [
            (UnmanagedPolicy.ignore, [String]()),
            (.disable, ["disable +9 enabled"]),
            (.delete, ["delete +8", "delete +9"]),
        ])
    func unmanagedNumbersFollowThePolicy(policy: UnmanagedPolicy, expected: [String]) {
        let result = plan([wanted("+1")], [held("+1"), held("+9"), held("+8", enabled: false)], unmanaged: policy)
        #expect(shorthand(result) == expected)
        #expect(result.unmanaged.map(\.key) == ["+8", "+9"])
    }

    @Test("disabling an unmanaged number sends enabled false and says it was true")
    func disableSendsEnabledFalse() {
        let result = plan([], [held("+9")], unmanaged: .disable)
        #expect(result.changes[0].assignments == [.init(.enabled, .bool(false))])
        #expect(
            result.changes[0].fieldChanges == [FieldChange(field: .enabled, before: .bool(true), after: .bool(false))])
    }

    @Test("the oldest copy of a duplicated number is managed; the others are unmanaged")
    func oldestDuplicateIsManaged() {
        let observed = [
            held("+1", id: "b", "x", created: "2026-03-01T00:00:00Z"),
            held("+1", id: "a", "y", created: "2026-02-01T00:00:00Z"),
            held("+1", id: "c", "z", created: "2026-02-01T00:00:00Z"),
        ]
        let result = plan([wanted("+1", "wanted")], observed)
        #expect(result.duplicates.count == 1)
        #expect(result.duplicates[0].kept.id == "a")
        #expect(result.duplicates[0].extras.map(\.id) == ["c", "b"])
        #expect(shorthand(result) == ["update +1 description"])
        #expect(result.changes[0].id == "a")
        #expect(result.unmanaged.map(\.id) == ["b", "c"])
    }

    @Test("created_at is compared as time, not text, and a missing one counts as newest")
    func createdAtIsComparedAsTime() {
        let observed = [
            held("+1", id: "late", created: "2026-02-01T00:00:00.5Z"),
            held("+1", id: "early", created: "2026-02-01T01:00:00+02:00"),
            held("+1", id: "unknown", created: nil),
        ]
        let result = plan([wanted("+1")], observed)
        #expect(result.duplicates[0].kept.id == "early")
        #expect(result.duplicates[0].extras.map(\.id) == ["late", "unknown"])
    }

    @Test("under the delete policy extra copies of a desired number are deleted")
    func extraCopiesAreDeletedUnderDeletePolicy() {
        let observed = [
            held("+1", id: "a", created: "2026-01-01T00:00:00Z"), held("+1", id: "b", created: "2026-01-02T00:00:00Z"),
        ]
        let result = plan([wanted("+1")], observed, unmanaged: .delete)
        #expect(shorthand(result) == ["delete +1"])
        #expect(result.changes[0].id == "b")
    }

    @Test("changes come in order: creates, updates, disables, deletes, each by number")
    func changesAreOrdered() {
        let result = plan(
            [wanted("+3"), wanted("+1"), wanted("+5", "new"), wanted("+4", "new")],
            [held("+5", "old"), held("+4", "old"), held("+9"), held("+7"), held("+8", enabled: false)],
            unmanaged: .disable)
        #expect(
            shorthand(result) == [
                "create +1", "create +3", "update +4 description", "update +5 description", "disable +7 enabled",
                "disable +9 enabled",
            ])
    }

    @Test("the server's order never changes the plan, and changes are sorted whatever the files' order")
    func planIsDeterministic() {
        let desired = (0..<50).map { wanted("+\($0)", "d\($0 % 3)") }
        let observed = (20..<80).map { held("+\($0)", "d\($0 % 2)") }
        let first = plan(desired, observed, unmanaged: .delete)
        #expect(first == plan(desired, observed.reversed(), unmanaged: .delete))
        #expect(first.changes == plan(desired.reversed(), observed, unmanaged: .delete).changes)
    }

    @Test("the summary line counts every kind")
    func summaryLine() {
        let result = plan(
            [wanted("+1"), wanted("+2", "new"), wanted("+3")], [held("+2", "old"), held("+3"), held("+9")])
        #expect(
            result.summary.line
                == "Plan: 1 to create, 1 to update, 0 to disable, 0 to delete. 1 unchanged, 1 unmanaged.")
    }

    @Test("thousands get separators in the summary")
    func summaryUsesSeparators() {
        #expect(PlanSummary(create: 1234, unchanged: 1_204_000).line.contains("1,234 to create"))
        #expect(PlanSummary(unchanged: 1_204_000).line.contains("1,204,000 unchanged"))
    }

    @Test("numbers match byte for byte: a composed and a decomposed accent are different numbers")
    func numbersMatchByBytes() {
        let composed = "+33\u{E9}1"
        let decomposed = "+33e\u{301}1"
        // Swift calls these equal; PortSIP stores them as different text.
        #expect(composed == decomposed)
        let result = plan([wanted(composed)], [held(decomposed)])
        #expect(shorthand(result) == ["create \(composed)"])
        #expect(result.unmanaged.map(\.id) == ["id-\(decomposed)"])
        #expect(result.duplicates.isEmpty)
    }

    @Test("descriptions compare byte for byte: the server's decomposed accent is updated to the file's")
    func descriptionsCompareByBytes() {
        let result = plan([wanted("+1", "Caf\u{E9}")], [held("+1", "Cafe\u{301}")])
        #expect(shorthand(result) == ["update +1 description"])
    }

    @Test("server copies that differ only in bytes are not duplicates of each other")
    func copiesDifferingInBytesAreNotDuplicates() {
        let result = plan([], [held("+1\u{E9}", id: "a"), held("+1e\u{301}", id: "b")])
        #expect(result.duplicates.isEmpty)
        #expect(result.unmanaged.count == 2)
    }

    @Test(
        "with created_at tied, the copy with the older id is kept: ids compare by the number they encode",
        arguments: [
            // base64 of "999" and of "1000": as text "MTAwMA==" sorts first, but 999 is older.
            ("OTk5", "MTAwMA=="),
            // PortSIP's docs' id and the next snowflake a millisecond later.
            ("NzAwNTUxOTA5NzczMTQ4MTYw", "NzAwNTUxOTA5Nzc3MzQyNDY0"),
            // Plain decimals of different lengths.
            ("99", "100"),
            // A decimal id (decodes) before one that decodes to nothing.
            ("12345", "abc"),
        ])
    func olderIDIsKept(older: String, newer: String) {
        for observed in [
            [held("+1", id: older), held("+1", id: newer)], [held("+1", id: newer), held("+1", id: older)],
        ] {
            let result = plan([wanted("+1")], observed)
            #expect(result.duplicates.first?.kept.id == older)
            #expect(result.duplicates.first?.extras.map(\.id) == [newer])
        }
    }

    @Test("a change of an extra copy of a wanted number records the copy it keeps; of an unwanted one, none")
    func extraCopiesRecordTheKeptCopy() {
        let observed = [
            held("+1", id: "MQ==", created: "2026-01-01T00:00:00Z"),
            held("+1", id: "Mg==", created: "2026-02-01T00:00:00Z"),
            held("+9", id: "OQ==", created: "2026-01-01T00:00:00Z"),
            held("+9", id: "MTA=", created: "2026-02-01T00:00:00Z"),
        ]
        let result = plan([wanted("+1")], observed, unmanaged: .delete)
        let deletes = result.changes.filter { $0.action == .delete }
        #expect(deletes.map(\.id) == ["Mg==", "MTA=", "OQ=="])
        #expect(deletes.map { $0.keeps?.id } == ["MQ==", nil, nil])
    }
}
