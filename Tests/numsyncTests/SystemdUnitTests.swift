import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("The scheduled drift check's unit")
struct SystemdUnitTests {
    /// The unit's command line as systemd hands it to `/bin/sh`: `$$` is a dollar sign, `%i` the
    /// instance; the installed numsync is this build's.
    static func command(instance: String) throws -> String {
        let unit = try String(
            contentsOfFile: TestPaths.package + "/packaging/systemd/numsync-drift@.service", encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=/bin/sh -c '") })
        let script = line.dropFirst("ExecStart=/bin/sh -c '".count).dropLast()
        return script.replacingOccurrences(of: "$$", with: "$").replacingOccurrences(of: "%i", with: instance)
            .replacingOccurrences(of: "/usr/bin/numsync", with: TestPaths.numsync)
    }

    @Test("a drift found by the timer's command posts to a local receiver, writes its report and gauges, and exits 2")
    func driftPosts() async throws {
        let directory = TestPaths.temporaryDirectory() + "/unit"
        let state = directory + "/state"
        let metrics = directory + "/metrics"
        for path in [state, metrics] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        let desired = try writeDesired("exclusive_numbers:\n  - number: \"+1002\"\n", name: "unit-numbers.yaml")
        try await TestSimulator.with { simulator in
            let run = try await CommandRun.run(
                "/bin/sh", ["-c", try Self.command(instance: "main")],
                environment: [
                    "PORTSIP_URL": simulator.url, "PORTSIP_TOKEN": TestSimulator.token, "NUMSYNC_RATE_LIMIT": "0",
                    "NUMSYNC_DESIRED": desired, "NUMSYNC_DRIFT_OPTIONS": "--ignore-unmanaged",
                    "STATE_DIRECTORY": state, "NUMSYNC_METRICS_DIR": metrics,
                    "NUMSYNC_NOTIFY": "NUMSYNC_HOOK", "NUMSYNC_HOOK": "json:\(simulator.url)/_sim/webhook",
                ])
            #expect(run.status == 2, "\(run.output)\(run.error)")
            #expect(FileManager.default.fileExists(atPath: state + "/drift.json"))
            let gauges = try String(contentsOfFile: metrics + "/numsync-main.prom", encoding: .utf8)
            #expect(
                gauges.contains(
                    "numsync_drift_missing_records{target=\"\(simulator.url)\",list=\"exclusive_numbers\"} 1"))
            let deliveries = await simulator.webhooks.deliveries
            #expect(deliveries.count == 1)
            #expect(deliveries.first?.body.contains(#""outcome":"drift""#) == true, "\(deliveries)")
        }
    }
}
