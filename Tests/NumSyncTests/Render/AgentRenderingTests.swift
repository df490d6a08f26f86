import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import Testing

@Suite("Rendering and saving exclusive agents")
struct AgentRenderingTests {
    static let source = NumSyncCore.SourceLocation(file: "numbers.yaml", line: 5, column: 7)

    /// A plan of one existing number whose agents in 8000 move from 101 to 103, and a new number
    /// with agents in 8010.
    static var plan: Plan {
        var list = ListPlan(
            desired: DesiredList(numbers: [DesiredNumber(number: "+2", source: source)], in: .exclusiveNumbers),
            observed: [],
            policy: PlanPolicy(unmanaged: .ignore))
        list.add(
            .exclusiveAgents(
                desired: [
                    (
                        "+1",
                        DesiredAgents(
                            queues: [.init(queue: "8000", agents: ["102", "103"], source: source)], source: source)
                    ),
                    (
                        "+2",
                        DesiredAgents(queues: [.init(queue: "8010", agents: ["201"], source: source)], source: source)
                    ),
                ],
                ids: [ExactText("+1"): "n1"],
                queues: [
                    CallQueue(
                        id: "q1", extensionNumber: "8000", name: "Sales", strategy: "PRIORITIZED_HUNT",
                        members: ["101", "102", "103"]),
                    CallQueue(
                        id: "q2", extensionNumber: "8010", name: "Support", strategy: "CYCLIC_HUNT", members: ["201"]),
                ],
                observed: ["n1": ["q1": ["101", "102"]]]))
        return Plan(lists: [list])
    }

    static let context = PlanContext(
        server: "https://pbx.example.com:8887", files: ["numbers.yaml"], digest: nil, desiredCount: 2)

    @Test("text, Markdown and the summary line show each change under its number")
    func rendering() {
        let text = PlanTextRenderer().render(Self.plan, context: Self.context)
        #expect(text.contains(#"~ agents "+1" queue 8000: + "103", - "101"  (numbers.yaml:5)"#))
        #expect(text.contains(#"~ agents "+2" queue 8010: + "201"  (numbers.yaml:5, once the number is created)"#))
        #expect(text.contains("Plan: 1 to create, 0 to update, 0 to disable, 0 to delete, 2 agent changes."))
        let markdown = PlanMarkdownRenderer().render(Self.plan, context: Self.context)
        #expect(markdown.contains("👥 2 agent changes"))
        #expect(markdown.contains("| `+1` | `8000` | `103` | `101` | `numbers.yaml:5` |"))
    }

    @Test("a plan with agent changes renders as text, Markdown and JSON as recorded")
    func golden() {
        expectGolden(PlanTextRenderer().render(Self.plan, context: Self.context), "plan-agents.txt")
        expectGolden(PlanMarkdownRenderer().render(Self.plan, context: Self.context), "plan-agents.md")
        expectGolden(PlanDocument(plan: Self.plan, context: Self.context).encoded(), "plan-agents.json")
    }

    @Test("an apply report lists agent changes after the others, with what the PBX holds when one did not take")
    func applyReportGolden() {
        let changes = Self.plan.changes
        let failure = PortSIPError(
            method: "POST", path: "/api/exclusive_numbers/n1/call_queues/q1/agents",
            kind: .http(status: 400, code: "VALIDATE_FAILED", message: "agent 103 is not a member"))
        let outcomes: [(ApplyReport.Outcome, [String]?)] = [
            (.created(id: "n2", foundByLookup: false), nil), (.failed(failure), ["101", "102"]),
            (.mismatch, ["201", "202"]),
        ]
        let report = ApplyReport(
            entries: zip(changes, outcomes).map { change, outcome in
                ApplyReport.Entry(
                    change: change, outcome: outcome.0, ownerID: change.id ?? (change.isRecordChange ? nil : "n2"),
                    held: outcome.1)
            }, dryRun: false, interrupted: false)
        expectGolden(
            ApplyReportRenderer().summary(report)
                + ApplyReportDocument(report, server: "https://pbx.example.com:8887").encoded(),
            "apply-report-agents.txt")
        let shown = ApplyReport(
            entries: changes.map { ApplyReport.Entry(change: $0, outcome: .shown) }, dryRun: true, interrupted: false)
        let renderer = ApplyReportRenderer()
        expectGolden(renderer.dryRunRequests(shown) + renderer.summary(shown), "dry-run-agents.txt")
    }

    @Test("drift shows each number whose agents differ, with the server's and the file's")
    func driftGolden() {
        let desired = DesiredList(numbers: [DesiredNumber(number: "+2", source: Self.source)], in: .exclusiveNumbers)
        let report = DriftReport(
            desired: DesiredState(lists: [desired]), plan: Self.plan, ignoreUnmanaged: false)
        let server = "https://pbx.example.com:8887"
        expectGolden(
            DriftRenderer().text(report, server: server) + DriftRenderer().markdown(report, server: server)
                + DriftDocument(report, server: server).encoded(), "drift-agents.txt")
    }

    @Test("a saved plan keeps its agent changes exactly, and a forged one is refused naming the change")
    func savedPlans() throws {
        let text = PlanDocument(plan: Self.plan, context: Self.context).encoded()
        let document = try PlanDocument.decode(Array(text.utf8), path: "plan.json")
        let changes = try document.planChanges(path: "plan.json")
        #expect(
            try document.planRelationChanges(path: "plan.json", creates: changes)
                == Self.plan.changes.filter { !$0.isRecordChange })
        // Without the create, the new number's agent change has nothing to attach to; a malformed
        // agent is refused too.
        let forged = text.replacingOccurrences(of: #""before" : ["#, with: #""before" : ["1", "#)
        let forgedDocument = try PlanDocument.decode(Array(forged.utf8), path: "plan.json")
        #expect {
            _ = try forgedDocument.planRelationChanges(path: "plan.json", creates: [])
        } throws: { error in
            let text = "\(error)"
            return text.contains(#"agent_changes[0] ("+1" queue "8000"): "1" is not an extension number"#)
                && text.contains(
                    #"agent_changes[1] ("+2" queue "8010"): has no number id, and the plan does not create the number"#)
        }
    }

    @Test("the safety threshold counts a number whose agents change as a changed number, once")
    func safety() {
        var list = Self.plan.lists[0]
        list.observedCount = 10
        #expect(list.touchedCount == 1)
        #expect(SafetyThreshold(maxChangePercent: 5).refusal(of: list)?.touched == 1)
        #expect(SafetyThreshold(maxChangePercent: 10).refusal(of: list) == nil)
    }
}
