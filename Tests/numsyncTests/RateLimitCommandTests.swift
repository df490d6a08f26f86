import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

@Suite("At the PBX's pace")
struct RateLimitCommandTests {
    // How closely numsync keeps to a PBX's limit is measured on a test clock (PacingTests) and
    // against the wall clock by scripts/bench; here, what a user sees, whatever the machine's load.

    @Test(
        "an apply paced to the PBX's own limit creates every number once, with no failure, and says how it paces"
    )
    func pacedApply() async throws {
        let path = try writeDesired(numbersYAML(200))
        let report = TestPaths.temporaryDirectory() + "/report.json"
        try await TestSimulator.with({ $0.rateLimitPerMinute = 1200 }) { simulator in
            let apply = try await CLI(simulator: simulator).run(
                "apply", path, "--auto-approve", "--rate-limit", "1200", "--report", report, "-v")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.error.contains("pacing requests to 1,200 a minute (--rate-limit)"))
            let records = await simulator.store.all()
            #expect(records.count == 200)
            #expect(Set(records.map(\.number)).count == 200)
            let document =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
            let summary = document["summary"] as! [String: Any]
            #expect(summary["failed"] as? Int == 0)
            let throttled = await simulator.statistics.current().faults["rate_limit"] ?? 0
            #expect((summary["requests_throttled"] as? Int ?? -1) <= throttled)
            #expect((summary["effective_rate_per_minute"] as? Int ?? 0) > 0)
        }
    }

    @Test("a PBX that throttles makes numsync slow down by itself, say so, and still create every number once")
    func slowsDownWhenThrottled() async throws {
        let path = try writeDesired(numbersYAML(20))
        try await TestSimulator.with { simulator in
            // The PBX answers the first create 429 without Retry-After, as a gateway over its limit does.
            await simulator.script.fail(
                "POST /api/exclusive_numbers", occurrences: 1...1, status: 429, message: "rate limit exceeded")
            let apply = try await CLI(simulator: simulator).run(
                "apply", path, "--auto-approve", "--rate-limit", "1200", "-v")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.error.contains("pacing requests at 840 a minute now"), "\(apply.error)")
            #expect(apply.output.contains("The PBX throttled 1 of "), "\(apply.output)")
            let records = await simulator.store.all()
            #expect(records.count == 20)
            #expect(Set(records.map(\.number)).count == 20)
        }
    }

    @Test("a proof that lists again says so in -v output")
    func proof() async throws {
        let path = try writeDesired(numbersYAML(150))
        try await TestSimulator.with(seed: numbersRecords(149)) { simulator in
            let plan = try await CLI(simulator: simulator).run("plan", path, "-v")
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            #expect(
                plan.error.contains("again (1 of at most 3) to prove the listing before it missed nothing: 149 records")
            )
            #expect(plan.error.contains("numsync: 4 requests sent, 0 of them retries; 1 listing made again"))
        }
    }

    @Test("PortSIP's default of 5,000 a minute applies unless told otherwise; a blank NUMSYNC_RATE_LIMIT is unset")
    func defaultLimit() async throws {
        let path = try writeDesired(numbersYAML(1))
        try await TestSimulator.with { simulator in
            var cli = CLI(simulator: simulator)
            cli.rateLimit = ""
            let paced = try await cli.run("plan", path, "-v")
            #expect(paced.error.contains("pacing requests to 5,000 a minute (--rate-limit)"), "\(paced.error)")
            let unpaced = try await cli.run("plan", path, "-v", "--rate-limit", "0")
            #expect(!unpaced.error.contains("pacing requests"))
            cli.rateLimit = "900"
            #expect(try await cli.run("plan", path, "-v").error.contains("pacing requests to 900 a minute"))
        }
    }

    @Test("--rate-limit and NUMSYNC_RATE_LIMIT refuse negative values; 0 means no limit")
    func options() async throws {
        let path = try writeDesired(numbersYAML(1))
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let negative = try await cli.run("plan", path, "--rate-limit=-5")
            #expect(negative.status == 1)
            #expect(negative.error.contains("--rate-limit must be 0 (no limit) or more"))
            let environment = try await cli.run("plan", path, environment: ["NUMSYNC_RATE_LIMIT": "lots"])
            #expect(environment.status == 1)
            #expect(environment.error.contains("NUMSYNC_RATE_LIMIT must be 0 (no limit) or more"))
            #expect(try await cli.run("plan", path, "--rate-limit", "0").status == 0)
        }
    }

    @Test(
        "two targets on the same PBX never run at once: each paces itself to the PBX's whole limit, so together they stay within it"
    )
    func targetsOnOnePBX() async throws {
        try await TestSimulator.with(seed: numbersRecords(20)) { simulator in
            let directory = TestPaths.temporaryDirectory()
            try numbersYAML(20).write(toFile: directory + "/numbers.yaml", atomically: true, encoding: .utf8)
            // The same PBX written two ways: one limit.
            let targets = """
                targets:
                  - name: tenant-a
                    url: \(simulator.url)
                    token_env: TOKEN_A
                    files: [numbers.yaml]
                  - name: tenant-b
                    url: \(simulator.url.replacingOccurrences(of: "http://", with: "HTTP://"))/api/
                    token_env: TOKEN_B
                    files: [numbers.yaml]

                """
            try targets.write(toFile: directory + "/t.yaml", atomically: true, encoding: .utf8)
            await simulator.hold.close()
            let running = try CommandRun.start(
                TestPaths.numsync, ["plan", "--targets", "t.yaml"],
                environment: [
                    "TOKEN_A": TestSimulator.token, "TOKEN_B": TestSimulator.token, "NUMSYNC_RATE_LIMIT": "0",
                ],
                directory: directory)
            // The first target's first request is waiting at the PBX: the second has not started.
            await simulator.hold.waitForArrivals(1)
            #expect(ProcessTable.children(of: running.pid).count == 1)
            await simulator.hold.open()
            let run = await running.wait()
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(run.output.contains("── plan tenant-a: ok"))
            #expect(run.output.contains("── plan tenant-b: ok"))
        }
    }
}
