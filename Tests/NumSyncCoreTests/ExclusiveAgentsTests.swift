import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Planning exclusive agents")
struct ExclusiveAgentsTests {
    static let queues = [
        CallQueue(
            id: "q1", extensionNumber: "8000", name: "Sales", strategy: "PRIORITIZED_HUNT",
            members: ["101", "102", "103"]),
        CallQueue(
            id: "q2", extensionNumber: "8010", name: "Support", strategy: "RING_SIMULTANEOUSLY", members: ["201"]),
    ]

    func at(_ line: Int, _ column: Int = 7) -> NumSyncCore.SourceLocation {
        NumSyncCore.SourceLocation(file: "numbers.yaml", line: line, column: column)
    }

    func agents(_ queues: [(String, [String])]) -> DesiredAgents {
        DesiredAgents(
            queues: queues.enumerated().map { index, queue in
                DesiredAgents.Queue(queue: queue.0, agents: queue.1, source: at(10 + index))
            }, source: at(9))
    }

    func plan(_ wanted: [(String, [String])], held: [String: [String]], id: String? = "n1") -> RelationPlan {
        .exclusiveAgents(
            desired: [("+1", agents(wanted))], ids: id.map { [ExactText("+1"): $0] } ?? [:], queues: Self.queues,
            observed: id.map { [$0: held] } ?? [:])
    }

    @Test(
        "agents are compared as sets; only what differs is planned",
        arguments: [
            ([("8000", ["101", "102"])], ["q1": ["102", "101"]], [String]()),
            ([("8000", ["101", "103"])], ["q1": ["101", "102"]], ["8000: +103 -102"]),
            ([("8000", [])], ["q1": ["101"]], ["8000: -101"]),
            ([], ["q1": ["101"]], ["8000: -101"]),
            ([("8000", ["101"])], [:], ["8000: +101"]),
            ([("8000", ["101"]), ("8010", ["201"])], ["q1": ["101"]], ["8010: +201"]),
        ] as [([(String, [String])], [String: [String]], [String])])
    func changes(wanted: [(String, [String])], held: [String: [String]], expected: [String]) {
        let planned = plan(wanted, held: held)
        #expect(planned.problems.isEmpty)
        #expect(
            planned.changes.compactMap(\.relationChange).map { change in
                "\(change.target ?? ""): "
                    + (change.added.map { "+\($0)" } + change.removed.map { "-\($0)" }).joined(separator: " ")
            } == expected)
        #expect(planned.changes.allSatisfy { $0.list == .exclusiveNumbers && $0.number == "+1" })
    }

    @Test(
        "carrying a change out is safe whether set replaces or adds: the wanted set first, and a clear and the set again only where the PBX kept agents that must go"
    )
    func steps() {
        func change(_ before: [String], _ after: [String]) -> RelationChange {
            RelationChange(relation: .exclusiveAgents, target: "8000", targetID: "q1", before: before, after: after)
        }
        #expect(change(["101"], []).steps == [.clear])
        #expect(change([], ["101"]).steps == [.set(["101"])])
        #expect(change(["101"], ["101", "102"]).steps == [.set(["101", "102"])])
        #expect(change(["101", "102"], ["101"]).steps == [.set(["101"])])
        // Read back after the set: a PBX that replaced holds what is wanted; one that added holds more.
        #expect(change(["101", "102"], ["101"]).followUp(held: ["101"]) == [])
        #expect(change(["101", "102"], ["101"]).followUp(held: ["101", "102"]) == [.clear, .set(["101"])])
        // A shortfall is reported, not sent again; a clear needs nothing more.
        #expect(change(["101"], ["101", "102"]).followUp(held: ["101"]) == [])
        #expect(change(["101"], []).followUp(held: ["101"]) == [])
        #expect(change(["101", "102"], ["101"]).mayNeedFollowUp)
        #expect(!change(["101"], ["101", "102"]).mayNeedFollowUp)
    }

    @Test("a new number's agents are planned with no id, depending on its create, to be set once it is created")
    func newNumber() {
        let planned = plan([("8000", ["101"])], held: [:], id: nil)
        #expect(planned.changes.map(\.id) == [nil])
        #expect(planned.changes.map(\.dependencies) == [[.record("+1", in: .exclusiveNumbers)]])
        #expect(planned.changes.compactMap(\.relationChange?.after) == [["101"]])
        // An existing number's depend on nothing.
        #expect(plan([("8000", ["101"])], held: [:]).changes.map(\.dependencies) == [[]])
    }

    @Test("a list's plan takes the relation's changes in after its own, and counts them apart")
    func oneStream() {
        let desired = DesiredList(numbers: [DesiredNumber(number: "+2", source: at(3))], in: .exclusiveNumbers)
        var list = ListPlan(desired: desired, observed: [], policy: PlanPolicy(unmanaged: .ignore))
        list.add(plan([("8000", ["101"])], held: [:], id: nil))
        #expect(list.changes.map(\.isRecordChange) == [true, false])
        #expect(list.count(of: .create) == 1)
        #expect(list.count(of: .update) == 0)
        #expect(list.summary.relationChanges == 1)
        #expect(
            list.summary.line.hasPrefix("Plan: 1 to create, 0 to update, 0 to disable, 0 to delete, 1 agent change."))
    }

    @Test("an unknown queue and a non-member are errors at their place; a queue that rings all at once is a warning")
    func problems() {
        var wanted = agents([("8000", ["101", "999"]), ("9999", ["101"]), ("8010", ["201"])])
        wanted.queues[0].agentSources = [at(10, 16), at(10, 23)]
        let planned = RelationPlan.exclusiveAgents(
            desired: [("+1", wanted)], ids: [ExactText("+1"): "n1"], queues: Self.queues, observed: [:])
        #expect(
            planned.problems.map { "\($0.location!.line):\($0.location!.column) \($0.message)" } == [
                #"10:23 agent "999" is not a member of call queue "8000"; exclusive agents are chosen from the queue's members"#,
                #"11:7 "+1" names call queue "9999", which the PBX does not have (queues are named by their extension number)"#,
            ])
        #expect(planned.warnings.map(\.severity) == [.warning])
        #expect(planned.warnings.first?.message.hasPrefix(#"call queue "8010" rings every agent at once"#) == true)
    }
}
