import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Notifications from drift and apply")
struct NotificationTests {
    static let seed = [
        WireNumber(id: "n1", number: "+1001", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
    ]

    /// What the simulator's receiver got, each body parsed.
    static func received(_ simulator: RunningSimulator) async throws -> [[String: Any]] {
        try await simulator.webhooks.deliveries.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.body.utf8)) as? [String: Any])
        }
    }

    @Test(
        "drift posts what it found in each format, and the webhook URL appears in no output",
        arguments: ["json", "slack", "teams"])
    func driftFormats(format: String) async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1002\"\n")
        try await TestSimulator.with({ _ in }, seed: Self.seed) { simulator in
            let url = "\(simulator.url)/_sim/webhook"
            let drift = try await CLI(simulator: simulator).run(
                "drift", path, "--notify", "HOOK", environment: ["HOOK": "\(format):\(url)"])
            #expect(drift.status == 2, "\(drift.output)\(drift.error)")
            #expect(!(drift.output + drift.error).contains(url))
            let bodies = try await Self.received(simulator)
            #expect(bodies.count == 1)
            let body = try #require(bodies.first)
            switch format {
            case "json":
                #expect(body["kind"] as? String == "numsync_notification")
                #expect(body["outcome"] as? String == "drift")
                #expect((body["details"] as? [String])?.contains("missing: exclusive_numbers +1002") == true)
                #expect((body["document"] as? [String: Any])?["kind"] as? String == "drift")
            case "slack":
                #expect(
                    (body["text"] as? String)?.contains("drift: 0 changed, 1 missing, 1 unmanaged") == true, "\(body)")
                #expect((body["blocks"] as? [Any])?.count == 1)
            default:
                #expect(body["@type"] as? String == "MessageCard")
                #expect((body["summary"] as? String)?.hasPrefix("numsync drift: drift") == true)
            }
        }
    }

    @Test("by default only drift and failures are posted; --notify-on always posts a clean run too")
    func when() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1001\"\n")
        try await TestSimulator.with({ _ in }, seed: Self.seed) { simulator in
            let cli = CLI(simulator: simulator)
            let hook = ["HOOK": "\(simulator.url)/_sim/webhook"]
            #expect(try await cli.run("drift", path, "--notify", "HOOK", environment: hook).status == 0)
            #expect(await simulator.webhooks.deliveries.isEmpty)
            #expect(
                try await cli.run("drift", path, "--notify", "HOOK", "--notify-on", "always", environment: hook).status
                    == 0)
            #expect(try await Self.received(simulator).map { $0["outcome"] as? String } == ["clean"])
            // NUMSYNC_NOTIFY names the variables too.
            let bad = try writeDesired("exclusive_numbers:\n  - number: [\n", name: "bad.yaml")
            let failed = try await cli.run(
                "drift", bad, environment: hook.merging(["NUMSYNC_NOTIFY": "HOOK"]) { $1 })
            #expect(failed.status == 1)
            #expect(try await Self.received(simulator).last?["outcome"] as? String == "failure")
        }
    }

    @Test("apply posts what it changed, and a run refused before its report posts a failure")
    func apply() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1001\"\n  - number: \"+1002\"\n")
        try await TestSimulator.with({ _ in }, seed: Self.seed) { simulator in
            let cli = CLI(simulator: simulator)
            let hook = ["HOOK": "json:\(simulator.url)/_sim/webhook"]
            let apply = try await cli.run("apply", path, "--auto-approve", "--notify", "HOOK", environment: hook)
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            let body = try #require(try await Self.received(simulator).first)
            #expect(body["outcome"] as? String == "applied")
            #expect(body["summary"] as? String == "1 change applied, 0 failed")
            let policy = TestPaths.temporaryDirectory() + "/notify-policy.yaml"
            try "exclusive_numbers:\n  max_deletes: 0\n".write(toFile: policy, atomically: true, encoding: .utf8)
            let deleting = try writeDesired("unmanaged: delete\nexclusive_numbers: []\n", name: "deleting.yaml")
            let refused = try await cli.run(
                "apply", deleting, "--auto-approve", "--policy", policy, "--notify", "HOOK", environment: hook)
            #expect(refused.status == 4)
            let last = try #require(try await Self.received(simulator).last)
            #expect(last["outcome"] as? String == "failure")
            #expect((last["summary"] as? String)?.contains("exit 4") == true, "\(last)")
        }
    }

    @Test(
        "a notification that cannot be delivered is a warning naming the variable: the exit code stays, the URL is never shown"
    )
    func undeliverable() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1002\"\n")
        try await TestSimulator.with({ _ in }, seed: Self.seed) { simulator in
            let failing = "\(simulator.url)/_sim/webhook/fail?token=s3cret"
            let stopped = try await TestSimulator.start()
            let closed = "\(stopped.url)/hook?token=s3cret"
            try await stopped.stop()
            let drift = try await CLI(simulator: simulator).run(
                "drift", path, "--notify", "FAILING", "--notify", "CLOSED", "--notify", "UNSET",
                environment: ["FAILING": failing, "CLOSED": closed])
            #expect(drift.status == 2, "\(drift.output)\(drift.error)")
            #expect(
                drift.error.contains("warning: the notification to FAILING was not taken: HTTP 500"), "\(drift.error)")
            #expect(drift.error.contains("warning: the notification to CLOSED could not be delivered"))
            #expect(drift.error.contains("warning: no notification: UNSET is not set or empty"))
            #expect(!(drift.output + drift.error).contains("s3cret"))
        }
    }

    @Test("--notify takes the name of a variable, never a URL")
    func refusesURLs() async throws {
        let result = try await CommandRun.run(
            TestPaths.numsync, ["drift", "x.yaml", "--notify", "https://hooks.example.com/secret"])
        #expect(result.status != 0)
        #expect(result.error.contains("never the URL itself"))
        #expect(!result.error.contains("hooks.example.com/secret"), "\(result.error)")
    }

    @Test("with --targets, one message sums up every target; the targets' own runs post nothing")
    func fleet() async throws {
        let directory = TestPaths.temporaryDirectory() + "/notify-fleet"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "exclusive_numbers:\n  - number: \"+1001\"\n".write(
            toFile: directory + "/numbers.yaml", atomically: true, encoding: .utf8)
        try await TestSimulator.with({ _ in }, seed: Self.seed) { clean in
            try await TestSimulator.with { drifted in
                let targets =
                    "targets:\n  - name: clean\n    url: \(clean.url)\n    token_env: T\n    files: [numbers.yaml]\n"
                    + "  - name: drifted\n    url: \(drifted.url)\n    token_env: T\n    files: [numbers.yaml]\n"
                try targets.write(toFile: directory + "/t.yaml", atomically: true, encoding: .utf8)
                let run = try await CommandRun.run(
                    TestPaths.numsync, ["drift", "--targets", "t.yaml", "--notify", "HOOK"],
                    environment: [
                        "T": TestSimulator.token, "NUMSYNC_RATE_LIMIT": "0", "HOOK": "\(clean.url)/_sim/webhook",
                    ], directory: directory)
                #expect(run.status == 2, "\(run.output)\(run.error)")
                let bodies = try await Self.received(clean)
                #expect(bodies.count == 1, "\(bodies)")
                #expect(bodies.first?["summary"] as? String == "2 targets: 1 ok, 1 drift")
                #expect(bodies.first?["details"] as? [String] == ["drifted: drift (exit 2)"])
            }
        }
    }
}
