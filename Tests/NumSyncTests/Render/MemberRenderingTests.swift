import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import Testing

@Suite("Rendering and saving members")
struct MemberRenderingTests {
    static let source = NumSyncCore.SourceLocation(file: "members.yaml", line: 3, column: 3)

    static func record(_ id: String, _ extensionNumber: String, in collection: PortSIPList) -> ObservedRecord {
        ObservedRecord(id: id, key: extensionNumber, values: collection.defaultValues)
    }

    /// Queue 8000 gains 105 (needed by +1's exclusive agent) and loses 104 (split in two parts);
    /// queue 8010 re-levels 201; ring group 7000 gains 103.
    static var plan: Plan {
        let numbers = ListPlan(
            desired: DesiredList(numbers: [DesiredNumber(number: "+1", source: source)], in: .exclusiveNumbers),
            observed: [ObservedRecord(id: "n1", key: "+1", values: PortSIPList.exclusiveNumbers.defaultValues)],
            policy: PlanPolicy(unmanaged: .ignore))
        var withAgents = numbers
        withAgents.add(
            .exclusiveAgents(
                desired: [
                    (
                        "+1",
                        DesiredAgents(
                            queues: [.init(queue: "8000", agents: ["105"], source: source)], source: source)
                    )
                ],
                ids: [ExactText("+1"): "n1"],
                queues: [
                    CallQueue(
                        id: "q1", extensionNumber: "8000", name: "Sales", strategy: "PRIORITIZED_HUNT",
                        members: ["101", "105"], membersArePlanned: true)
                ],
                observed: ["n1": ["q1": ["104"]]]))
        func list(_ collection: PortSIPList, _ planned: RelationPlan, groups: Int) -> ListPlan {
            var list = ListPlan(
                list: collection, changes: [], unchangedCount: groups - planned.changes.count, unmanaged: [],
                duplicates: [], policy: PlanPolicy(unmanaged: .ignore), observedCount: groups)
            list.add(planned)
            return list
        }
        let queues = RelationPlan.members(
            of: .queueMembers,
            desired: [
                DesiredMembers(
                    list: .callQueues, extensionNumber: "8000",
                    members: [Member(extensionNumber: "101"), Member(extensionNumber: "105")], source: source),
                DesiredMembers(
                    list: .callQueues, extensionNumber: "8010",
                    members: [Member(extensionNumber: "201", skillLevel: 80)], source: source),
            ],
            groups: [record("q1", "8000", in: .callQueues), record("q2", "8010", in: .callQueues)],
            observed: [
                "q1": [Member(extensionNumber: "101"), Member(extensionNumber: "104")],
                "q2": [Member(extensionNumber: "201")],
            ])
        let rings = RelationPlan.members(
            of: .ringGroupMembers,
            desired: [
                DesiredMembers(
                    list: .ringGroups, extensionNumber: "7000",
                    members: [Member(extensionNumber: "101"), Member(extensionNumber: "103", skillLevel: 40)],
                    source: source)
            ],
            groups: [record("r1", "7000", in: .ringGroups)], observed: ["r1": [Member(extensionNumber: "101")]])
        return Plan(lists: [withAgents, list(.callQueues, queues, groups: 2), list(.ringGroups, rings, groups: 1)])
            .orderingMembersAndAgents()
    }

    static let context = PlanContext(
        server: "https://pbx.example.com:8887", files: ["members.yaml"], digest: nil, desiredCount: 1)

    @Test("a plan with member changes, one in two parts around an exclusive agent, renders as recorded")
    func golden() {
        let text = PlanTextRenderer().render(Self.plan, context: Self.context)
        #expect(text.contains(#"~ members "8010": ~ "201" skill 1 → 80"#))
        #expect(text.contains("first part: before the exclusive agents that need them"))
        expectGolden(text, "plan-members.txt")
        expectGolden(PlanMarkdownRenderer().render(Self.plan, context: Self.context), "plan-members.md")
        expectGolden(PlanDocument(plan: Self.plan, context: Self.context).encoded(), "plan-members.json")
    }

    @Test("a dry-run shows the member requests in the order an apply sends them, and a report names kept members")
    func applyReportGolden() async {
        let changes = Self.plan.changes
        let shown = await Executor(client: NoPBX(), parallelism: 1, writes: .show).run(changes)
        let renderer = ApplyReportRenderer()
        let requests = renderer.dryRunRequests(shown)
        let agent = requests.range(of: "exclusive_numbers/n1/call_queues/q1/agents")!.lowerBound
        let additions = requests.range(of: "call_queues/q1/agents {")!.lowerBound
        #expect(additions < agent, "\(requests)")
        let outcomes = changes.filter { !$0.isRecordChange }.map { change -> ApplyReport.Entry in
            guard change.list == .callQueues, change.part == 2 else {
                return ApplyReport.Entry(change: change, outcome: .applied)
            }
            var entry = ApplyReport.Entry(change: change, outcome: .mismatch, held: ["101", "104", "105"])
            entry.heldLevels = ["101": 1, "104": 1, "105": 1]
            return entry
        }
        let report = ApplyReport(entries: outcomes, dryRun: false, interrupted: false)
        expectGolden(
            requests + renderer.summary(shown) + renderer.summary(report)
                + ApplyReportDocument(report, server: "https://pbx.example.com:8887").encoded(),
            "apply-report-members.txt")
    }

    @Test("drift shows a group whose members differ once, even when an apply would change it in two parts")
    func driftGolden() {
        let desired = DesiredState(
            lists: [DesiredList(numbers: [DesiredNumber(number: "+1", source: Self.source)], in: .exclusiveNumbers)])
        var withMembers = desired
        withMembers.members = [
            DesiredMembers(list: .callQueues, extensionNumber: "8000", members: [], source: Self.source),
            DesiredMembers(list: .ringGroups, extensionNumber: "7000", members: [], source: Self.source),
        ]
        let report = DriftReport(desired: withMembers, plan: Self.plan, ignoreUnmanaged: false)
        #expect(report.lists.first { $0.list == .callQueues }?.relationChanges?.count == 2)
        let server = "https://pbx.example.com:8887"
        expectGolden(
            DriftRenderer().text(report, server: server) + DriftRenderer().markdown(report, server: server)
                + DriftDocument(report, server: server).encoded(), "drift-members.txt")
    }

    @Test("a saved plan keeps its member changes and parts exactly, and a forged one is refused naming the change")
    func savedPlans() throws {
        let text = PlanDocument(plan: Self.plan, context: Self.context).encoded()
        let document = try PlanDocument.decode(Array(text.utf8), path: "plan.json")
        let rebuilt = try document.planRelationChanges(path: "plan.json", creates: [])
        let planned = Self.plan.changes.filter { !$0.isRecordChange }
        // Dependencies are derived again on load (`SavedPlan.load`), not saved.
        func withoutDependencies(_ changes: [Change]) -> [Change] {
            changes.map {
                var change = $0
                change.dependencies = []
                return change
            }
        }
        #expect(withoutDependencies(rebuilt) == withoutDependencies(planned))
        let forged = text.replacingOccurrences(of: #""skill_level" : 80"#, with: #""skill_level" : 180"#)
        let forgedDocument = try PlanDocument.decode(Array(forged.utf8), path: "plan.json")
        #expect {
            _ = try forgedDocument.planRelationChanges(path: "plan.json", creates: [])
        } throws: { error in
            "\(error)".contains(#"member_changes[2] (call_queues "8010"): skill level 180 is not from 1 to 100"#)
        }
    }
}

/// A PBX a dry-run never reaches: every call fails the test.
private final class NoPBX: PortSIPConnection {
    func write(_ request: APIRequest) async throws -> String? {
        Issue.record("a dry-run sent \(request.method) \(request.path)")
        return nil
    }
    func list(_ collection: PortSIPList) async throws -> [ObservedRecord] { [] }
    func confirm(_ listing: [ObservedRecord], in collection: PortSIPList) async throws -> [ObservedRecord] {
        listing
    }
    var requestCounters: PortSIPClient.RequestCounters { PortSIPClient.RequestCounters() }
    func value(of relation: Relation, owner ownerID: String, target targetID: String?) async throws -> [Member] {
        Issue.record("a dry-run read a relation")
        return []
    }
}
