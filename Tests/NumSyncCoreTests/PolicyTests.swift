import NumSyncCore
import NumSyncFixtures
import Testing

@Suite("Checking plans against a policy")
struct PolicyTests {
    static let source = SourceLocation(file: "policy.yaml", line: 2, column: 3)

    static func rule(
        _ kind: Policy.Kind, _ limit: Int = 0, pattern: String = "",
        in list: PortSIPList = .exclusiveNumbers
    )
        -> Policy.Rule
    {
        Policy.Rule(list: list, kind: kind, limit: limit, pattern: pattern, source: source)
    }

    /// Files that want +491 and +1555; the server holds +492 (unmanaged, deleted) and +493 (deleted).
    static var desired: DesiredState {
        DesiredState(
            DesiredList(
                numbers: [
                    DesiredNumber(number: "+491", source: source), DesiredNumber(number: "+1555", source: source),
                ],
                in: .exclusiveNumbers, unmanaged: .delete))
    }

    static var plan: Plan {
        Plan(
            desired: desired,
            observed: [
                "exclusive_numbers": [
                    ObservedRecord(id: "a", key: "+492", values: PortSIPList.exclusiveNumbers.defaultValues),
                    ObservedRecord(id: "b", key: "+493", values: PortSIPList.exclusiveNumbers.defaultValues),
                ]
            ])
    }

    @Test(
        "each limit counts its kind of change in its list; a limit met exactly holds",
        arguments: [
            (Policy.Kind.maxCreates, 2, true), (.maxCreates, 1, false), (.maxDeletes, 1, false), (.maxDeletes, 2, true),
            (.maxUpdates, 0, true), (.maxDisables, 0, true), (.maxChanges, 4, true), (.maxChanges, 3, false),
        ])
    func limits(kind: Policy.Kind, limit: Int, holds: Bool) {
        let verdict = Policy(file: "policy.yaml", rules: [Self.rule(kind, limit)]).check(
            Self.plan, desired: Self.desired)
        #expect(verdict.holds == holds)
        #expect(verdict.rulesChecked == 1)
    }

    @Test("a number pattern covers every desired number of a fresh plan, and the creates of a saved one")
    func pattern() {
        let policy = Policy(file: "policy.yaml", rules: [Self.rule(.numberPattern, pattern: #"^\+49"#)])
        let fresh = policy.check(Self.plan, desired: Self.desired)
        #expect(fresh.violations.map(\.numbers) == [["+1555"]])
        #expect(
            fresh.violations[0].description
                == #"exclusive_numbers.number_pattern: '^\+49' (policy.yaml:2:3): 1 number does not match: "+1555""#)
        #expect(policy.check(Self.plan, desired: nil).violations.map(\.numbers) == [["+1555"]])
        // A rule about another list checks nothing here, and holds.
        let other = Policy(file: "p", rules: [Self.rule(.numberPattern, pattern: "^x", in: .vipNumbers)])
        #expect(other.check(Self.plan, desired: Self.desired).holds)
    }

    @Test("max_member_removals holds each group to the limit on its own")
    func memberRemovals() {
        var list = ListPlan(
            list: .callQueues, changes: [], unchangedCount: 0, unmanaged: [], duplicates: [],
            policy: PlanPolicy(unmanaged: .ignore), observedCount: 2)
        for (queue, held) in [("8000", ["101", "102", "103"]), ("8010", ["201"])] {
            list.add(
                RelationPlan(
                    relation: .queueMembers,
                    changes: [
                        .relation(
                            RelationChange(
                                relation: .queueMembers, from: held.map { Member(extensionNumber: $0) }, to: []),
                            of: queue, id: "q\(queue)", in: .callQueues, source: Self.source)
                    ]))
        }
        let verdict = Policy(file: "p", rules: [Self.rule(.maxMemberRemovals, 2, in: .callQueues)])
            .check(Plan(lists: [list]), desired: nil)
        #expect(verdict.violations.count == 1)
        #expect(verdict.violations.first?.reason == #"the plan removes 3 members of call queue "8000""#)
        #expect(verdict.line == "policy p: 1 rule checked, 1 violated")
    }
}
