import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

/// `+5002` (id n2) with agent 101 in queue 8000, `+5003` (id n3) with none; a file that gives
/// `+5002` agents 101 and 102.
private struct TwoNumbers {
    static let seed = ["+5002", "+5003"].map { number in
        WireNumber(
            id: "n" + number.suffix(1), number: number, created_at: "2026-01-01T00:00:00Z", enabled: true,
            description: nil)
    }
    static let yaml = """
        exclusive_numbers:
          - number: "+5002"
            queues:
              "8000": ["101", "102"]
          - number: "+5003"
        """

    /// `+5002` holding agents 101 and 102 in queue 8000 on a PBX whose "set" works as
    /// `semantics` says, and a file that moves them to 102 and 103; `body` gets the simulator,
    /// the file and the queue's id.
    static func moving(
        semantics: ExclusiveAgents.SetSemantics, _ body: (RunningSimulator, String, String) async throws -> Void
    ) async throws {
        let path = try writeDesired(yaml.replacingOccurrences(of: #"["101", "102"]"#, with: #"["102", "103"]"#))
        try await TestSimulator.with(
            {
                $0.seedQueues = seededQueues
                $0.agentsSet = semantics
            }, seed: seed
        ) { simulator in
            await handEdit(simulator, "+5002", queue: "8000", ["101", "102"])
            let queueID = await simulator.queues.all().first { $0.text("extension_number") == "8000" }!.id
            try await body(simulator, path, queueID)
        }
    }
}

/// Edits a saved plan's JSON as a person with a text editor would.
private func edit(_ path: String, _ body: (inout [String: Any]) -> Void) throws {
    var document =
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! [String: Any]
    body(&document)
    try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
}

@Suite("Exclusive agents under attack")
struct ExclusiveAgentsHardeningTests {
    @Test(
        "a saved agent change acts only on the number and queue it shows: an id that is another's on the server is refused (exit 1), nothing written",
        arguments: ["number_id", "queue_id"])
    func forgedIDs(key: String) async throws {
        let path = try writeDesired(TwoNumbers.yaml)
        let saved = TestPaths.temporaryDirectory() + "/plan.json"
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: TwoNumbers.seed) { simulator in
            await handEdit(simulator, "+5002", queue: "8000", ["101"])
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            let otherQueue = await simulator.queues.all().first { $0.text("extension_number") == "8020" }!.id
            try edit(saved) { document in
                var changes = document["agent_changes"] as! [[String: Any]]
                changes[0][key] = key == "number_id" ? "n3" : otherQueue
                document["agent_changes"] = changes
            }
            let apply = try await cli.run("apply", "--plan", saved, "--auto-approve")
            #expect(apply.status == 1, "\(apply.output)\(apply.error)")
            let expected =
                key == "number_id"
                ? #"number_id "n3" is "+5003" on the server, not "+5002""#
                : #"is call queue "8020" on the server, not "8000""#
            #expect(apply.error.contains(expected), "\(apply.error)")
            #expect(await simulator.statistics.current().writeRequests == 0)
            #expect(await heldAgents(simulator) == ["+5002": ["8000": ["101"]]])
        }
    }

    @Test("within a saved plan, one number has one id and one id one number: a plan that says otherwise sends nothing")
    func inconsistentIDs() async throws {
        let path = try writeDesired(
            TwoNumbers.yaml.replacingOccurrences(
                of: #"  - number: "+5003""#, with: "  - number: \"+5003\"\n    queues:\n      \"8000\": [\"103\"]"))
        let saved = TestPaths.temporaryDirectory() + "/plan.json"
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: TwoNumbers.seed) { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            try edit(saved) { document in
                var changes = document["agent_changes"] as! [[String: Any]]
                changes[1]["number_id"] = changes[0]["number_id"]
                document["agent_changes"] = changes
            }
            let before = await simulator.statistics.current().totalRequests
            let apply = try await cli.run("apply", "--plan", saved, "--auto-approve")
            #expect(apply.status == 1, "\(apply.output)\(apply.error)")
            #expect(
                apply.error.contains(#"number_id "n2" is given for "+5002" too (agent_changes[0])"#), "\(apply.error)")
            #expect(await simulator.statistics.current().totalRequests == before)
        }
    }

    @Test(
        "an agent-only saved plan whose number was deleted, or deleted and created again, is stale (exit 4), never a raw 404",
        arguments: [false, true])
    func numberGone(recreated: Bool) async throws {
        let path = try writeDesired(TwoNumbers.yaml)
        let saved = TestPaths.temporaryDirectory() + "/plan.json"
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: TwoNumbers.seed) { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            _ = await simulator.store.destroy("n2")
            if recreated {
                await simulator.store.insert([
                    WireNumber(
                        id: "n9", number: "+5002", created_at: "2026-02-01T00:00:00Z", enabled: true, description: nil)
                ])
            }
            let apply = try await cli.run("apply", "--plan", saved, "--auto-approve")
            #expect(apply.status == 4, "\(apply.output)\(apply.error)")
            #expect(apply.error.contains("is stale"), "\(apply.error)")
            let reason =
                recreated
                ? "it is now record n9, not record n2 whose agents the plan changes"
                : "record n2, whose agents the plan changes, is no longer on the server"
            #expect(apply.error.contains(reason), "\(apply.error)")
            // No raw answer of the PBX: a stale plan is a refusal, not a 404 (the path may hold "404").
            #expect(!apply.error.contains("404 NOT_FOUND"))
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("an agent-only saved plan is held to the safety threshold: clearing 12 of 12 numbers' agents needs --force")
    func agentOnlyThreshold() async throws {
        var yaml = "exclusive_numbers:\n"
        var seed: [WireNumber] = []
        for index in 0..<12 {
            yaml += "  - number: \"+60\(10 + index)\"\n    queues:\n      \"8000\": []\n"
            seed.append(
                WireNumber(
                    id: "m\(index)", number: "+60\(10 + index)", created_at: "2026-01-01T00:00:00Z", enabled: true,
                    description: nil))
        }
        let path = try writeDesired(yaml)
        let saved = TestPaths.temporaryDirectory() + "/plan.json"
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: seed) { simulator in
            for index in 0..<12 { await handEdit(simulator, "+60\(10 + index)", queue: "8000", ["101"]) }
            let cli = CLI(simulator: simulator)
            // Reviewed and forced when planned; applying it is a separate decision.
            #expect(try await cli.run("plan", path, "--out", saved, "--force").status == 0)
            let refused = try await cli.run("apply", "--plan", saved, "--auto-approve")
            #expect(refused.status == 4, "\(refused.output)\(refused.error)")
            #expect(
                refused.error.contains(
                    "agent changes on 12 numbers touch 12 of the 12 exclusive numbers on the server"),
                "\(refused.error)")
            #expect(await simulator.statistics.current().writeRequests == 0)
            let forced = try await cli.run("apply", "--plan", saved, "--auto-approve", "--force")
            #expect(forced.status == 0, "\(forced.output)\(forced.error)")
            #expect(await heldAgents(simulator).isEmpty)
        }
    }

    @Test(
        "the wanted agents are sent first and read back: where set replaces, a removal is one request and the number is never without agents; where it adds, it is cleared and set again",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func wantedSetFirst(semantics: ExclusiveAgents.SetSemantics) async throws {
        try await TwoNumbers.moving(semantics: semantics) { simulator, path, queueID in
            let base = "POST /api/exclusive_numbers/{id}/call_queues/\(queueID)"
            let before = await simulator.statistics.current()
            let apply = try await CLI(simulator: simulator).run("apply", path, "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            let after = await simulator.statistics.current()
            let sets = after.requests(base + "/agents") - before.requests(base + "/agents")
            let clears = after.requests(base + "/destroy") - before.requests(base + "/destroy")
            #expect(sets == (semantics == .replace ? 1 : 2))
            #expect(clears == (semantics == .replace ? 0 : 1))
            #expect(await heldAgents(simulator) == ["+5002": ["8000": ["102", "103"]]])
        }
    }

    @Test(
        "a failed set is reported with what the PBX holds now, counted in the headline and the JSON summary, and no convergence is promised for a request the PBX refused",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func failedSet(semantics: ExclusiveAgents.SetSemantics) async throws {
        let report = TestPaths.temporaryDirectory() + "/report.json"
        try await TwoNumbers.moving(semantics: semantics) { simulator, path, queueID in
            // Where set replaces, the one set fails; where it adds, the set again after the clear.
            await simulator.script.fail(
                "POST /api/exclusive_numbers/{id}/call_queues/\(queueID)/agents",
                occurrences: semantics == .replace ? 1...1 : 2...2, status: 400, message: "agent 103 is not a member")
            let apply = try await CLI(simulator: simulator).run("apply", path, "--auto-approve", "--report", report)
            #expect(apply.status == 3, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("Apply finished with failures: "), "\(apply.output)")
            #expect(apply.output.contains("0 failed; 1 agent change failed."))
            let now = semantics == .replace ? #"now ["101", "102"]"# : "now []"
            #expect(apply.output.contains(#"\#(now) (was ["101", "102"])"#), "\(apply.output)")
            #expect(apply.output.contains("400 VALIDATE_FAILED: agent 103 is not a member"))
            #expect(apply.output.contains("Running numsync apply again will not fix"))
            #expect(!apply.output.contains("will converge"))
            let document =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
            #expect((document["summary"] as! [String: Any])["agent_changes_failed"] as? Int == 1)
            #expect(document["rerun_converges"] as? Bool == false)
            let entry = (document["agent_changes"] as! [[String: Any]])[0]
            #expect(entry["outcome"] as? String == "failed")
            #expect(entry["held"] as? [String] == (semantics == .replace ? ["101", "102"] : []))
            #expect(
                await heldAgents(simulator) == (semantics == .replace ? ["+5002": ["8000": ["101", "102"]]] : [:]))
        }
    }
}
