import Foundation
import NumSyncCore
import PortSIPSimulator
import TestSupport
import Testing

@Suite("At the PBX's pace")
struct RateLimitCommandTests {
    @Test(
        "an apply of 200 creates stays within the PBX's limit, or settles near it, with few throttled requests, no failure and no duplicate",
        arguments: [(1200, 1200, 0.02), (600, 1200, 0.08)])
    func pacing(pbxPerMinute: Int, numsyncPerMinute: Int, maximumThrottled: Double) async throws {
        let path = try writeDesired(numbersYAML(200))
        let report = TestPaths.temporaryDirectory() + "/report.json"
        try await TestSimulator.with({ $0.rateLimitPerMinute = pbxPerMinute }) { simulator in
            let cli = CLI(simulator: simulator)
            let apply = try await cli.run(
                "apply", path, "--auto-approve", "--rate-limit", String(numsyncPerMinute), "--report", report, "-v")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(
                apply.error.contains(
                    "pacing requests to \(numsyncPerMinute.formattedWithSeparators) a minute (--rate-limit)"))
            if pbxPerMinute < numsyncPerMinute {
                // It slowed down by itself, and said so.
                #expect(
                    apply.error.contains(
                        "pacing requests at \((numsyncPerMinute * 7 / 10).formattedWithSeparators) a minute now"))
            }
            let stats = await simulator.statistics.current()
            let throttled = stats.faults["rate_limit"] ?? 0
            #expect(
                Double(throttled) < maximumThrottled * Double(stats.totalRequests),
                "\(throttled) of \(stats.totalRequests)")
            let records = await simulator.store.all()
            #expect(records.count == 200)
            #expect(Set(records.map(\.number)).count == 200)
            let document =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
            let summary = document["summary"] as! [String: Any]
            #expect(summary["failed"] as? Int == 0)
            #expect((summary["requests_throttled"] as? Int ?? -1) <= throttled)
            #expect((summary["effective_rate_per_minute"] as? Int ?? 0) > 0)
        }
    }

    @Test(
        "every page of a listing waits its turn: paced below the PBX's limit, a plan of 1,000 numbers is throttled at most once, where unpaced it is throttled about 19 times"
    )
    func listing() async throws {
        let path = try writeDesired(numbersYAML(1000))
        try await TestSimulator.with({ $0.rateLimitPerMinute = 240 }, seed: numbersRecords(1000)) { simulator in
            // Ten pages fetched 8 at a time overrun the PBX's bucket of 4 (19 throttled answers,
            // measured with --rate-limit 0); paced at half its rate, none normally is. A CI machine
            // that stalls the simulator for seconds lets paced requests pile up and arrive together,
            // which once cost one 429: that much is allowed, no more.
            let plan = try await CLI(simulator: simulator).run("plan", path, "--rate-limit", "120", "-v")
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output.contains("No changes"))
            let stats = await simulator.statistics.current()
            #expect((stats.faults["rate_limit"] ?? 0) <= 1, "\(stats.faults)")
            #expect(stats.totalRequests <= 11)
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
