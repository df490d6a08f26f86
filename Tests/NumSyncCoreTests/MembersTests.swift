import NumSyncCore
import Testing

@Suite("Members of call queues and ring groups")
struct MembersTests {
    static let source = SourceLocation(file: "numbers.yaml", line: 2, column: 3)

    static func record(_ id: String, _ extensionNumber: String) -> ObservedRecord {
        ObservedRecord(
            id: id, key: extensionNumber,
            values: FieldValues(PortSIPList.callQueues.valueFields.map(\.defaultValue)))
    }

    static func members(_ text: String...) -> [Member] {
        text.map { item in
            let parts = item.split(separator: ":")
            return Member(extensionNumber: String(parts[0]), skillLevel: parts.count > 1 ? Int(parts[1])! : 1)
        }
    }

    static func plan(wanted: [Member], held: [Member], group: String = "8000") -> RelationPlan {
        .members(
            of: .queueMembers,
            desired: [
                DesiredMembers(list: .callQueues, extensionNumber: group, members: wanted, source: source)
            ],
            groups: [record("q1", "8000")], observed: ["q1": held])
    }

    @Test(
        "a group's change says what it adds, removes and re-levels, and none is planned when it matches",
        arguments: [
            (["101", "102:80"], ["101", "102:80"], nil),
            (["101", "102"], ["101"], "+102"),
            (["101"], ["101", "102"], "-102"),
            (["101:80"], ["101"], "~101"),
            ([], ["101"], "-101"),
        ] as [([String], [String], String?)])
    func changes(wanted: [String], held: [String], expected: String?) {
        let planned = Self.plan(
            wanted: wanted.flatMap { Self.members($0) }, held: held.flatMap { Self.members($0) })
        let change = planned.changes.first?.relationChange
        let summary = change.map { change in
            change.added.map { "+" + $0 }.joined() + change.removed.map { "-" + $0 }.joined()
                + change.relevelled.map { "~" + $0 }.joined()
        }
        #expect(summary == expected)
        #expect(planned.problems.isEmpty)
    }

    @Test("a group the PBX does not have is an error at its place in the file, and nothing is planned for it")
    func unknownGroup() {
        let planned = Self.plan(wanted: Self.members("101"), held: [], group: "8999")
        #expect(planned.changes.isEmpty)
        #expect(planned.problems.map(\.location) == [Self.source])
        #expect(planned.problems.first?.message.contains(#"the PBX has no call queue "8999""#) == true)
    }

    @Test("a change is met by the members read back only with the same skill levels")
    func metWithLevels() {
        let change = RelationChange(relation: .queueMembers, from: [], to: Self.members("101:80"))
        #expect(change.isMet(by: Self.members("101:80")))
        #expect(!change.isMet(by: Self.members("101")))
        #expect(!change.isMet(by: Self.members("101:80", "102")))
        // Members have no clear request: an empty set is sent as a set.
        #expect(RelationChange(relation: .queueMembers, from: Self.members("101"), to: []).steps == [.set([])])
    }

    /// A plan with one member change of queue 8000 and one agent change there.
    static func ordered(held: [String], wanted: [String], agentsBefore: [String], agentsAfter: [String]) -> [Change] {
        let members = Change.relation(
            RelationChange(
                relation: .queueMembers, from: held.flatMap { Self.members($0) },
                to: wanted.flatMap { Self.members($0) }),
            of: "8000", id: "q1", in: .callQueues, source: source)
        let agents = Change.relation(
            RelationChange(
                relation: .exclusiveAgents, target: "8000", targetID: "q1", before: agentsBefore, after: agentsAfter),
            of: "+1001", id: "n1", in: .exclusiveNumbers, source: source)
        var numbers = ListPlan(
            list: .exclusiveNumbers, changes: [agents], unchangedCount: 1, unmanaged: [], duplicates: [],
            policy: PlanPolicy(unmanaged: .ignore), observedCount: 1, relations: [.exclusiveAgents])
        numbers.relations = [.exclusiveAgents]
        let queues = ListPlan(
            list: .callQueues, changes: [members], unchangedCount: 0, unmanaged: [], duplicates: [],
            policy: PlanPolicy(unmanaged: .ignore), observedCount: 1, relations: [.queueMembers])
        return Plan(lists: [numbers, queues]).orderingMembersAndAgents().changes
    }

    @Test("an agent waits for the member change that adds its agent")
    func agentAfterMember() {
        let changes = Self.ordered(held: ["101"], wanted: ["101", "102"], agentsBefore: [], agentsAfter: ["102"])
        let agents = changes.first { $0.list == .exclusiveNumbers }!
        let members = changes.first { $0.list == .callQueues }!
        #expect(agents.dependencies == [members.key])
        #expect(members.dependencies.isEmpty)
    }

    @Test("a member change waits for the agent change that drops the member it removes")
    func memberAfterAgent() {
        let changes = Self.ordered(held: ["101", "102"], wanted: ["101"], agentsBefore: ["102"], agentsAfter: ["101"])
        let agents = changes.first { $0.list == .exclusiveNumbers }!
        let members = changes.first { $0.list == .callQueues }!
        #expect(members.dependencies == [agents.key])
        #expect(agents.dependencies.isEmpty)
    }

    @Test("a member change that adds an agent's member and removes another is split in two parts around the agents")
    func splitAroundAgents() {
        let changes = Self.ordered(held: ["101"], wanted: ["102"], agentsBefore: ["101"], agentsAfter: ["102"])
        let agents = changes.first { $0.list == .exclusiveNumbers }!
        let parts = changes.filter { $0.list == .callQueues }
        #expect(parts.map(\.part) == [1, 2])
        #expect(parts[0].relationChange?.added == ["102"])
        #expect(parts[0].relationChange?.removed == [])
        #expect(parts[1].relationChange?.removed == ["101"])
        #expect(parts[1].relationChange?.added == [])
        #expect(agents.dependencies == [parts[0].key])
        #expect(Set(parts[1].dependencies) == [parts[0].key, agents.key])
    }

    @Test("removing most of a queue's members is refused by the safety threshold; removing a few is not")
    func threshold() {
        func refusal(held: [String], wanted: [String]) -> SafetyRefusal? {
            var list = ListPlan(
                list: .callQueues, changes: [], unchangedCount: 0, unmanaged: [], duplicates: [],
                policy: PlanPolicy(unmanaged: .ignore), observedCount: 1)
            list.add(Self.plan(wanted: wanted.flatMap { Self.members($0) }, held: held.flatMap { Self.members($0) }))
            return SafetyThreshold.standard.refusal(of: Plan(lists: [list]))
        }
        #expect(refusal(held: ["101", "102", "103", "104"], wanted: ["101", "102", "103"]) == nil)
        let refused = refusal(held: ["101", "102", "103"], wanted: ["101"])
        #expect(refused?.reason.hasPrefix(#"removing 2 of the 3 members of call queue "8000""#) == true)
    }
}
