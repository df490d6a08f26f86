import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("numsync apply")
struct ApplyTests {
    @Test("apply, then plan shows no changes")
    func applyThenPlanIsEmpty() async throws {
        let path = try writeDesired(numbersYAML(40, tag: "v2", unmanaged: "delete"))
        try await TestSimulator.with({ _ in }, seed: numbersRecords(10) + TestSimulator.records(2, prefix: "+1999")) {
            simulator in
            let cli = CLI(simulator: simulator)
            let apply = try await cli.run(
                "apply", path, "--auto-approve", "--force", "--report", TestPaths.temporaryDirectory() + "/r.json")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("Apply complete: 30 created, 10 updated, 0 disabled, 2 deleted, 0 failed."))
            let plan = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(plan.status == 0)
            #expect(plan.output.hasPrefix("No changes."))
        }
    }

    @Test("--report writes what happened as versioned JSON")
    func report() async throws {
        let path = try writeDesired(numbersYAML(3))
        let reportPath = TestPaths.temporaryDirectory() + "/report.json"
        try await TestSimulator.with { simulator in
            let run = try await CLI(simulator: simulator).run("apply", path, "--auto-approve", "--report", reportPath)
            #expect(run.status == 0)
            let report =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath)))
                as? [String: Any]
            #expect(report?["format_version"] as? Int == 1)
            #expect(report?["converged"] as? Bool == true)
            #expect((report?["summary"] as? [String: Int])?["created"] == 3)
            // A second run has nothing to do, and its report says so instead of leaving the old one.
            let again = try await CLI(simulator: simulator).run(
                "apply", path, "--auto-approve", "--report", reportPath)
            #expect(again.status == 0)
            let second =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath)))
                as? [String: Any]
            #expect(second?["converged"] as? Bool == true)
            #expect((second?["operations"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("--dry-run prints the exact requests and writes nothing")
    func dryRun() async throws {
        let path = try writeDesired(numbersYAML(3))
        try await TestSimulator.with { simulator in
            let run = try await CLI(simulator: simulator).run("apply", path, "--dry-run")
            #expect(run.status == 0)
            #expect(
                run.output.contains(
                    #"POST /api/exclusive_numbers {"number":"+18881000000","enabled":false,"description":"v1 line 0"}"#)
            )
            #expect(run.output.contains("Dry run: 3 requests shown; nothing was sent."))
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("without a terminal and without --auto-approve, apply refuses and writes nothing")
    func refusesWithoutConfirmation() async throws {
        let path = try writeDesired(numbersYAML(3))
        try await TestSimulator.with { simulator in
            let run = try await CLI(simulator: simulator).run("apply", path, input: "yes\n")
            #expect(run.status == 1)
            #expect(run.error.contains("standard input is not a terminal"))
            #expect(run.error.contains("--auto-approve"))
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("apply refuses above the safety threshold, exit 4, nothing written")
    func threshold() async throws {
        let path = try writeDesired(numbersYAML(20, tag: "v2"))
        try await TestSimulator.with({ _ in }, seed: numbersRecords(20)) { simulator in
            let run = try await CLI(simulator: simulator).run("apply", path, "--auto-approve")
            #expect(run.status == 4)
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("a saved plan applies when fresh, and is refused naming each stale number when not")
    func savedPlan() async throws {
        let path = try writeDesired(numbersYAML(5, tag: "v2"))
        let planPath = TestPaths.temporaryDirectory() + "/plan.json"
        try await TestSimulator.with({ _ in }, seed: Array(numbersRecords(3))) { simulator in
            let cli = CLI(simulator: simulator)
            let saved = try await cli.run("plan", path, "--out", planPath, "--force")
            #expect(saved.status == 0, "\(saved.error)")
            #expect(saved.error.contains("numsync apply --plan \(planPath)"))

            // Someone edits one number by hand and adds one the plan would create.
            var records = await simulator.store.all()
            records[1].description = "edited by hand"
            await simulator.store.replaceAll(
                with: records + [
                    WireNumber(
                        id: "hand", number: "+18881000004", created_at: "2026-01-01T00:00:00Z", enabled: true,
                        description: nil)
                ])
            let stale = try await cli.run("apply", "--plan", planPath, "--auto-approve", "--force")
            #expect(stale.status == 4)
            #expect(stale.error.contains(#""+18881000001": description changed from "v1 line 1" to "edited by hand""#))
            #expect(stale.error.contains(#""+18881000004": planned as a create, but the server now holds it"#))
            // The plan records its files: the hint is the command that made it.
            #expect(stale.error.contains("Make a new plan: numsync plan \(path) --out \(planPath)"), "\(stale.error)")
            #expect(await simulator.statistics.current().writeRequests == 0)

            // A fresh plan applies, and its effects are checked.
            _ = try await cli.run("plan", path, "--out", planPath, "--force")
            let fresh = try await cli.run("apply", "--plan", planPath, "--auto-approve", "--force")
            #expect(fresh.status == 0, "\(fresh.output)\(fresh.error)")
            #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
        }
    }

    @Test("a saved plan for another server, or from another format version, is refused")
    func foreignPlan() async throws {
        let path = try writeDesired(numbersYAML(2))
        let planPath = TestPaths.temporaryDirectory() + "/plan.json"
        try await TestSimulator.with { first in
            _ = try await CLI(simulator: first).run("plan", path, "--out", planPath)
            try await TestSimulator.with { second in
                let run = try await CLI(simulator: second).run("apply", "--plan", planPath, "--auto-approve")
                #expect(run.status == 4)
                #expect(run.error.contains("was made for \(first.url), not \(second.url)"))
            }
            var text = try String(contentsOfFile: planPath, encoding: .utf8)
            text = text.replacingOccurrences(of: #""format_version" : 2"#, with: #""format_version" : 1"#)
            try text.write(toFile: planPath, atomically: true, encoding: .utf8)
            let old = try await CLI(simulator: first).run("apply", "--plan", planPath, "--auto-approve")
            #expect(old.status == 4)
            #expect(old.error.contains("plan format 1"))
            #expect(await first.statistics.current().writeRequests == 0)
        }
    }

    @Test("Ctrl-C mid-apply finishes in-flight work, exits 130; a second apply converges with no duplicate")
    func interruptThenConverge() async throws {
        let path = try writeDesired(numbersYAML(400))
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let running = try cli.start(["apply", path, "--auto-approve", "--parallelism", "4"])
            // Once some creates have landed, hold the next requests at the PBX, so that the
            // interrupt certainly comes with work left; release them once numsync has taken it.
            try await eventually("40 creates") { await simulator.store.count >= 40 }
            await simulator.hold.close()
            await simulator.hold.waitForArrivals(1)
            running.signal(SIGINT)
            try await eventually("the interrupt") { running.currentError.contains("Interrupted: no new change") }
            await simulator.hold.open()
            let interrupted = await running.wait()
            #expect(interrupted.status == 130, "\(interrupted.output)\(interrupted.error)")
            #expect(interrupted.output.contains("Apply interrupted"))
            #expect(interrupted.output.contains("were not started"))
            let afterInterrupt = await simulator.store.count
            #expect(afterInterrupt > 0 && afterInterrupt < 400)

            let second = try await cli.run("apply", path, "--auto-approve")
            #expect(second.status == 0, "\(second.output)\(second.error)")
            let records = await simulator.store.all()
            #expect(records.count == 400)
            #expect(Set(records.map(\.number)).count == 400)
            #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
        }
    }

    @Test(
        "under 500s, 429s and dropped connections, 5,000 creates and 1,000 updates leave the server exactly as desired")
    func chaos() async throws {
        // 6,000 numbers wanted; 1,000 of them exist with old descriptions.
        let path = try writeDesired(numbersYAML(6_000, tag: "v2"))
        try await TestSimulator.with(
            {
                $0.faults.failRate = 0.1
                $0.faults.throttleRate = 0.05
                $0.faults.dropRate = 0.03
                $0.faults.retryAfterSeconds = 0
                $0.faults.seed = 2026
            }, seed: numbersRecords(1_000, tag: "v1")
        ) { simulator in
            let cli = CLI(simulator: simulator)
            let run = try await cli.run("apply", path, "--auto-approve", "--force")
            #expect(run.status == 0, "\(run.output.suffix(2000))\(run.error.suffix(2000))")
            let records = await simulator.store.all()
            #expect(records.count == 6_000)
            #expect(Set(records.map(\.number)).count == 6_000)
            let byNumber = Dictionary(uniqueKeysWithValues: records.map { ($0.number, $0) })
            for index in 0..<6_000 {
                let record = byNumber["+1888\(1_000_000 + index)"]
                #expect(record?.description == "v2 line \(index)")
                #expect(record?.enabled == (index % 7 != 0))
            }
            let faults = await simulator.statistics.current().faults
            #expect(
                faults["fail", default: 0] > 0 && faults["throttle", default: 0] > 0 && faults["drop", default: 0] > 0)
        }
    }
}
