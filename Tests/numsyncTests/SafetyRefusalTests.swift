import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

/// Twelve exclusive numbers on the PBX; the files update two and change the agents of two others:
/// four of twelve (33 %), over the default threshold of 30 %.
enum OverThreshold {
    static let seed = (0..<12).map { index in
        WireNumber(
            id: "m\(index)", number: "+6010\(index + 10)", created_at: "2026-01-01T00:00:00Z", enabled: true,
            description: "line \(index)")
    }

    static var yaml: String {
        var yaml = "exclusive_numbers:\n"
        for index in 0..<12 {
            let description = index < 2 ? "renamed \(index)" : "line \(index)"
            yaml += "  - number: \"+6010\(index + 10)\"\n    description: \(description)\n"
            if (2..<4).contains(index) { yaml += "    queues:\n      \"8000\": [\"101\"]\n" }
        }
        return yaml
    }

    static let reason =
        "2 updates and agent changes on 2 numbers touch 4 of the 12 exclusive numbers on the server (33 %), "
        + "above the safety threshold of 30 %"

    static func with(_ body: (RunningSimulator, CLI, String) async throws -> Void) async throws {
        let path = try writeDesired(yaml)
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: seed) { simulator in
            try await body(simulator, CLI(simulator: simulator), path)
        }
    }
}

@Suite("Safety refusals are part of the plan")
struct SafetyRefusalTests {
    @Test(
        "over the threshold, plan shows and saves the whole plan with the refusal in text, Markdown and JSON, counting what the plan shows, and exits 4"
    )
    func planShowsTheRefusal() async throws {
        try await OverThreshold.with { simulator, cli, path in
            let saved = TestPaths.temporaryDirectory() + "/plan.json"
            let text = try await cli.run("plan", path, "--out", saved, "--detailed-exitcode")
            #expect(text.status == 4, "\(text.output)\(text.error)")
            #expect(text.output.contains("Plan: 0 to create, 2 to update, 0 to disable, 0 to delete, 2 agent changes."))
            #expect(text.output.contains(#"~ agents "+601012" queue 8000: + "101""#))
            #expect(text.output.contains("⛔ apply will be refused: \(OverThreshold.reason)."), "\(text.output)")
            #expect(text.output.contains("pass --force after review"))
            #expect(text.error.contains("error: apply will refuse this plan: \(OverThreshold.reason)."))

            let markdown = try await cli.run("plan", path, "--format", "markdown")
            #expect(markdown.status == 4)
            #expect(
                markdown.output.contains(
                    "> ⛔ **apply will be refused**: \(OverThreshold.reason). Pass `--force` after review"))

            let json = try await cli.run("plan", path, "--format", "json")
            #expect(json.status == 4)
            for document in [json.output, try String(contentsOfFile: saved, encoding: .utf8)] {
                let object = try JSONSerialization.jsonObject(with: Data(document.utf8)) as! [String: Any]
                let refusal = try #require(object["refusal"] as? [String: Any])
                #expect(refusal["reason"] as? String == OverThreshold.reason)
                #expect(refusal["changed"] as? Int == 4)
                #expect(refusal["total"] as? Int == 12)
                #expect(refusal["percent"] as? Double == 33.3)
                #expect(refusal["threshold"] as? Int == 30)
                #expect(refusal["forced"] as? Bool == false)
            }
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("apply --dry-run over the threshold shows what would be sent with the same block, sends nothing, and exits 4")
    func dryRunShowsTheRefusal() async throws {
        try await OverThreshold.with { simulator, cli, path in
            let run = try await cli.run("apply", path, "--dry-run")
            #expect(run.status == 4, "\(run.output)\(run.error)")
            #expect(run.output.contains("⛔ apply will be refused: \(OverThreshold.reason)."))
            #expect(run.output.contains("Requests that would be sent:\nPOST /api/exclusive_numbers/m0 "))
            #expect(run.output.contains("Dry run: "))
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("apply refuses over the threshold; --force goes ahead, says so, and the report records it")
    func forceIsSaidAndRecorded() async throws {
        try await OverThreshold.with { simulator, cli, path in
            let refused = try await cli.run("apply", path, "--auto-approve")
            #expect(refused.status == 4)
            #expect(refused.error.contains("error: refusing to apply: \(OverThreshold.reason)."))
            #expect(await simulator.statistics.current().writeRequests == 0)

            let report = TestPaths.temporaryDirectory() + "/report.json"
            let forced = try await cli.run("apply", path, "--auto-approve", "--force", "--report", report)
            #expect(forced.status == 0, "\(forced.output)\(forced.error)")
            #expect(forced.output.contains("⚠ over the safety threshold: \(OverThreshold.reason)."))
            #expect(forced.output.contains("--force was given: apply goes ahead."))
            #expect(
                forced.output.contains(
                    "Applied over the safety threshold because --force was given: \(OverThreshold.reason)."))
            let object =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
            let recorded = try #require(object["forced_over_refusal"] as? [String: Any])
            #expect(recorded["changed"] as? Int == 4)
            #expect(recorded["forced"] as? Bool == true)

            let again = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(again.status == 0, "\(again.output)")
        }
    }

    @Test("plan --force shows the refusal as overridden and exits as any plan with changes")
    func planWithForce() async throws {
        try await OverThreshold.with { _, cli, path in
            let run = try await cli.run("plan", path, "--detailed-exitcode", "--force")
            #expect(run.status == 2)
            #expect(run.output.contains("⚠ over the safety threshold"))
            #expect(try await cli.run("plan", path, "--detailed-exitcode", "--max-change-percent", "40").status == 2)
        }
    }
}
