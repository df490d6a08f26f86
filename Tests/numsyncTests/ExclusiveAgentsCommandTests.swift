import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

/// A PBX with three queues: 8000 and 8020 hunt (exclusive agents apply), 8010 rings all at once.
let seededQueues = [
    SimulatorConfiguration.SeedQueue(
        extension_number: "8000", name: "Sales", polling_strategy: "PRIORITIZED_HUNT",
        members: ["101", "102", "103", "104"]),
    SimulatorConfiguration.SeedQueue(
        extension_number: "8010", name: "Support", polling_strategy: CallQueueStrategy.ringSimultaneously,
        members: ["201", "202"]),
    SimulatorConfiguration.SeedQueue(
        extension_number: "8020", name: "Key accounts", polling_strategy: "CYCLIC_HUNT", members: ["301"]),
]

/// What the simulator holds: by number, by queue extension, the agents (sorted); numbers with none left out.
func heldAgents(_ simulator: RunningSimulator) async -> [String: [String: [String]]] {
    var extensions: [String: String] = [:]
    for queue in await simulator.queues.all() { extensions[queue.id] = queue.text("extension_number") }
    var result: [String: [String: [String]]] = [:]
    for number in await simulator.store.all() {
        for queueID in await simulator.agents.queues(of: number.id) {
            let agents = await simulator.agents.agents(of: number.id, in: queueID)
            if !agents.isEmpty { result[number.number, default: [:]][extensions[queueID]!] = agents.sorted() }
        }
    }
    return result
}

/// Gives a number agents in a queue directly on the simulator, as a hand edit would.
func handEdit(_ simulator: RunningSimulator, _ number: String, queue: String, _ agents: [String]) async {
    let numberID = await simulator.store.all().first { $0.number == number }!.id
    let queueID = await simulator.queues.all().first { $0.text("extension_number") == queue }!.id
    await simulator.agents.clear(numberID, in: queueID)
    await simulator.agents.set(agents, of: numberID, in: queueID)
}

@Suite("Exclusive agents, every command")
struct ExclusiveAgentsCommandTests {
    @Test(
        "agents are added, removed, moved and cleared, a new number gets its agents in the same apply, and the second plan is empty",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func lifecycle(semantics: ExclusiveAgents.SetSemantics) async throws {
        let first = try writeDesired(
            """
            exclusive_numbers:
              - number: "+1001"
                queues:
                  "8000": ["101", "102"]
                  "8020": ["301"]
              - number: "+1002"
                queues: {}
              - number: "+1003"
            """)
        let second = try writeDesired(
            """
            exclusive_numbers:
              - number: "+1001"
                queues:
                  "8000": ["102", "103"]
              - number: "+1002"
                queues:
                  "8000": ["104"]
              - number: "+1003"
            """, name: "second.yaml")
        let seed = ["+1002", "+1003"].enumerated().map { index, number in
            WireNumber(
                id: "n\(index)", number: number, created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
        }
        try await TestSimulator.with(
            {
                $0.seedQueues = seededQueues
                $0.agentsSet = semantics
            }, seed: seed
        ) { simulator in
            await handEdit(simulator, "+1002", queue: "8000", ["103"])
            await handEdit(simulator, "+1003", queue: "8000", ["101"])
            let cli = CLI(simulator: simulator)
            let plan = try await cli.run("plan", first)
            #expect(plan.output.contains(#"~ agents "+1001" queue 8000: + "101", + "102"  "#), "\(plan.output)")
            #expect(plan.output.contains("once the number is created"))
            #expect(plan.output.contains(#"~ agents "+1002" queue 8000: - "103""#))
            #expect(plan.output.contains("Plan: 1 to create, 0 to update, 0 to disable, 0 to delete, 3 agent changes."))
            let dryRun = try await cli.run("apply", first, "--dry-run")
            #expect(
                dryRun.output.contains(#"POST /api/exclusive_numbers/{id of "+1001"}/call_queues/"#), "\(dryRun.output)"
            )
            #expect(await heldAgents(simulator) == ["+1002": ["8000": ["103"]], "+1003": ["8000": ["101"]]])

            let apply = try await cli.run("apply", first, "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("Exclusive agents: 3 of 3 changes applied and read back."))
            // +1003 has no `queues`: its agents are left as they are.
            #expect(
                await heldAgents(simulator) == [
                    "+1001": ["8000": ["101", "102"], "8020": ["301"]], "+1003": ["8000": ["101"]],
                ])
            #expect(try await cli.run("plan", first, "--detailed-exitcode").status == 0)

            // Remove one agent and add another (a set alone would keep 101 if set adds), drop a queue.
            let moved = try await cli.run("apply", second, "--auto-approve")
            #expect(moved.status == 0, "\(moved.output)\(moved.error)")
            #expect(
                await heldAgents(simulator) == [
                    "+1001": ["8000": ["102", "103"]], "+1002": ["8000": ["104"]], "+1003": ["8000": ["101"]],
                ])
            let again = try await cli.run("plan", second, "--detailed-exitcode")
            #expect(again.status == 0, "\(again.output)")
        }
    }

    @Test(
        "an unknown queue and a non-member stop the plan at their line; a queue that rings all at once is warned about")
    func problemsAndWarnings() async throws {
        let path = try writeDesired(
            """
            exclusive_numbers:
              - number: "+1001"
                queues:
                  "8000": ["101", "999"]
                  "8099": []
                  "8010": ["201"]
            """)
        try await TestSimulator.with({ $0.seedQueues = seededQueues }) { simulator in
            let run = try await CLI(simulator: simulator).run("apply", path, "--auto-approve")
            #expect(run.status == 1)
            #expect(run.error.contains("\(path):4:23: error: agent \"999\" is not a member of call queue \"8000\""))
            #expect(
                run.error.contains(
                    "\(path):5:7: error: \"+1001\" names call queue \"8099\", which the PBX does not have"))
            #expect(run.error.contains("\(path):6:7: warning: call queue \"8010\" rings every agent at once"))
            #expect(run.error.contains("nothing was sent"))
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test(
        "a saved plan is refused when the agents it was made from changed; drift shows a hand edit; export plans clean")
    func savedPlanDriftAndExport() async throws {
        let path = try writeDesired(
            """
            exclusive_numbers:
              - number: "+1001"
                queues:
                  "8000": ["101"]
            """)
        let directory = TestPaths.temporaryDirectory()
        let seed = [
            WireNumber(id: "n1", number: "+1001", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
        ]
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: seed) { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", directory + "/plan.json").status == 0)
            let saved = try String(contentsOfFile: directory + "/plan.json", encoding: .utf8)
            #expect(saved.contains(#""agent_changes""#))
            await handEdit(simulator, "+1001", queue: "8000", ["102"])
            let stale = try await cli.run("apply", "--plan", directory + "/plan.json", "--auto-approve")
            #expect(stale.status == 4, "\(stale.output)\(stale.error)")
            #expect(stale.error.contains("its agents in queue 8000 are now [\"102\"]"))
            #expect(await heldAgents(simulator) == ["+1001": ["8000": ["102"]]])

            let drift = try await cli.run("drift", path)
            #expect(drift.status == 2)
            #expect(drift.output.contains("Exclusive agents differ on the server (1):"), "\(drift.output)")
            #expect(drift.output.contains(#"server ["102"], file ["101"]"#))

            #expect(try await cli.run("plan", path, "--out", directory + "/plan.json").status == 0)
            let apply = try await cli.run("apply", "--plan", directory + "/plan.json", "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(try await cli.run("drift", path).status == 0)

            let exported = directory + "/exported.yaml"
            #expect(try await cli.run("export", "--out", exported).status == 0)
            let text = try String(contentsOfFile: exported, encoding: .utf8)
            #expect(text.contains("  queues:\n    \"8000\": [\"101\"]"), "\(text)")
            #expect(try await cli.run("plan", exported, "--detailed-exitcode").status == 0)
        }
    }

    @Test(
        "a plan reads agents only for numbers whose entry has queues: pages, queues, named queues' members, those numbers' queues and agents"
    )
    func requestsAreCounted() async throws {
        var yaml = "exclusive_numbers:\n"
        var seed: [WireNumber] = []
        for index in 0..<150 {
            yaml += "  - number: \"+1\(1000 + index)\"\n"
            if index < 3 { yaml += "    queues:\n      \"8000\": [\"101\"]\n" }
            seed.append(
                WireNumber(
                    id: "n\(index)", number: "+1\(1000 + index)", created_at: "2026-01-01T00:00:00Z", enabled: true,
                    description: nil))
        }
        let path = try writeDesired(yaml)
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: seed) { simulator in
            for index in 0..<3 { await handEdit(simulator, "+1\(1000 + index)", queue: "8000", ["101"]) }
            let before = await simulator.statistics.current().totalRequests
            let plan = try await CLI(simulator: simulator).run("plan", path, "--detailed-exitcode", "-v")
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            let sent = await simulator.statistics.current().totalRequests - before
            #expect(plan.error.contains("numsync: \(sent) requests sent, 0 of them retries"), "\(plan.error)")
            // 2 pages of numbers, 1 of queues, 1 queue's members, and for 3 numbers: their queues
            // and their agents in the one queue they have.
            #expect(sent == 2 + 1 + 1 + 3 * 2)
        }
    }
}
