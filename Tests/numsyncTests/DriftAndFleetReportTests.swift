import Foundation
import PortSIPSimulator
import TestSupport
import Testing

/// The metrics file's samples, by series (`name{labels}`).
private func samples(_ path: String) throws -> [String: String] {
    var samples: [String: String] = [:]
    for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
        let parts = line.split(separator: " ")
        samples[String(parts[0])] = String(parts[1])
    }
    return samples
}

@Suite("Drift metrics and fleet reports")
struct DriftAndFleetReportTests {
    @Test(
        "drift metrics count exclusive agents and queue members that differ, per target and list, so that an alert fires: one PBX or a targets file"
    )
    func agentGauges() async throws {
        let path = try writeDesired(
            "exclusive_numbers:\n  - number: \"+1001\"\n    queues:\n      \"8000\": [\"101\"]\n"
                + "call_queues:\n  \"8000\":\n    members: [\"101\", \"102\", \"103\", \"104\", \"105\"]\n")
        let seed = [
            WireNumber(id: "n1", number: "+1001", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
        ]
        let directory = TestPaths.temporaryDirectory()
        try await TestSimulator.with({ $0.seedQueues = seededQueues }, seed: seed) { simulator in
            await handEdit(simulator, "+1001", queue: "8000", ["102"])
            let metrics = directory + "/drift.prom"
            let drift = try await CLI(simulator: simulator).run("drift", path, "--metrics-out", metrics)
            #expect(drift.status == 2, "\(drift.output)\(drift.error)")
            let single = try samples(metrics)
            #expect(
                single[#"numsync_drift_agent_changes{target="\#(simulator.url)",list="exclusive_numbers"}"#] == "1",
                "\(single)")
            #expect(
                single[#"numsync_drift_changed_records{target="\#(simulator.url)",list="exclusive_numbers"}"#] == "0")
            #expect(single[#"numsync_drift_member_changes{target="\#(simulator.url)",list="call_queues"}"#] == "1")

            let targets = "targets:\n  - name: pbx\n    url: \(simulator.url)\n    token_env: T\n    files: [\(path)]\n"
            try targets.write(toFile: directory + "/t.yaml", atomically: true, encoding: .utf8)
            let fleet = try await CommandRun.run(
                TestPaths.numsync,
                ["drift", "--targets", "t.yaml", "--metrics-out", "fleet.prom", "--report-dir", "reports"],
                environment: ["T": TestSimulator.token, "NUMSYNC_RATE_LIMIT": "0"], directory: directory)
            #expect(fleet.status == 2, "\(fleet.output)\(fleet.error)")
            let fleetSamples = try samples(directory + "/fleet.prom")
            #expect(fleetSamples[#"numsync_drift_agent_changes{target="pbx",list="exclusive_numbers"}"#] == "1")
            #expect(fleetSamples[#"numsync_drift_member_changes{target="pbx",list="call_queues"}"#] == "1")
            // The summary table has a column for each.
            #expect(fleet.output.contains("unmanaged  agents  members"), "\(fleet.output)")
        }
    }

    @Test(
        "a drift check that fails on its files or on an unknown queue writes success 0 over the last good sample",
        arguments: ["bad yaml", "unknown queue"])
    func failedCheckIsASample(problem: String) async throws {
        let good = "exclusive_numbers:\n  - number: \"+1001\"\n"
        let bad =
            problem == "bad yaml"
            ? "exclusive_numbers:\n  - number: [\n"
            : "exclusive_numbers:\n  - number: \"+1001\"\n    queues:\n      \"8099\": []\n"
        let path = try writeDesired(good)
        let metrics = TestPaths.temporaryDirectory() + "/drift.prom"
        try await TestSimulator.with({ $0.seedQueues = seededQueues }) { simulator in
            let cli = CLI(simulator: simulator)
            _ = try await cli.run("drift", path, "--metrics-out", metrics)
            #expect(try samples(metrics)[#"numsync_drift_check_success{target="\#(simulator.url)"}"#] == "1")
            try bad.write(toFile: path, atomically: true, encoding: .utf8)
            let failed = try await cli.run("drift", path, "--metrics-out", metrics)
            #expect(failed.status == 1, "\(failed.output)\(failed.error)")
            #expect(try samples(metrics)[#"numsync_drift_check_success{target="\#(simulator.url)"}"#] == "0")
        }
    }

    @Test(
        "an unwritable --metrics-out is refused before any request, for one PBX and for a targets file",
        arguments: [false, true])
    func unwritableMetrics(fleet: Bool) async throws {
        try await ThreePBXs.with { pbxs in
            let unwritable = pbxs.directory + "/no/such/dir/drift.prom"
            let arguments =
                fleet
                ? ["drift", "--targets", pbxs.targetsFile, "--metrics-out", unwritable]
                : ["drift", "numbers/us.yaml", "--metrics-out", unwritable]
            let run = try await pbxs.run(arguments)
            #expect(run.status == 1, "\(run.output)\(run.error)")
            #expect(run.error.contains("--metrics-out"), "\(run.error)")
            #expect(run.error.contains("nothing was sent"))
            for simulator in pbxs.simulators.values {
                #expect(await simulator.statistics.current().totalRequests == 0)
            }
        }
    }

    @Test("a target's report files from an earlier run are removed before this run, so none is read as its result")
    func leftoverReports() async throws {
        try await ThreePBXs.with { pbxs in
            let reports = pbxs.directory + "/reports"
            try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
            let stale = #"{"kind": "plan", "summary": {"create": 987654321, "update": 0, "disable": 0, "delete": 0}}"#
            for name in ["us-c.plan.json", "us-c.apply.json", "us-c.drift.json"] {
                try stale.write(toFile: reports + "/" + name, atomically: true, encoding: .utf8)
            }
            // us-c fails before planning (its password is wrong): it writes no plan of its own.
            let run = try await pbxs.run("plan", "--targets", pbxs.targetsFile, "--report-dir", "reports")
            #expect(run.status == 1)
            let summary = try String(contentsOfFile: reports + "/summary.json", encoding: .utf8)
            #expect(!summary.contains("987654321"), "\(summary)")
            #expect(!run.output.contains("987,654,321") && !run.output.contains("987654321"))
            for name in ["us-c.plan.json", "us-c.apply.json", "us-c.drift.json"] {
                #expect(!FileManager.default.fileExists(atPath: reports + "/" + name))
            }
        }
    }

    @Test("a target that runs past --target-timeout is stopped and reported as timed out")
    func targetTimeout() async throws {
        try await ThreePBXs.with { pbxs in
            let pbx = pbxs.simulators["eu-a"]!
            await pbx.hold.close()
            let run = try await pbxs.run(
                "plan", "--targets", pbxs.targetsFile, "--target", "eu-a", "--target-timeout", "1", "--report-dir",
                "reports")
            #expect(run.status == 1, "\(run.output)\(run.error)")
            #expect(run.output.contains("── plan eu-a: timed_out"), "\(run.output)")
            #expect(run.error.contains("error: target eu-a ran longer than --target-timeout (1.0 s) and was stopped"))
            #expect(run.output.contains("1 timed out; exit 1."), "\(run.output)")
            let summary = try String(contentsOfFile: pbxs.directory + "/reports/summary.json", encoding: .utf8)
            #expect(summary.contains(#""status" : "timed_out""#))
        }
    }

    @Test("numsync targets --format github-matrix warns past 256 targets, GitHub's job limit, and says what to do")
    func matrixLimit() async throws {
        let directory = TestPaths.temporaryDirectory()
        var targets = "targets:\n"
        for index in 0..<300 {
            targets +=
                "  - {name: pbx-\(index), url: \"https://pbx\(index).example.com\", token_env: T\(index), files: [n.yaml]}\n"
        }
        try targets.write(toFile: directory + "/t.yaml", atomically: true, encoding: .utf8)
        let run = try await CommandRun.run(
            TestPaths.numsync, ["targets", "--targets", "t.yaml", "--format", "github-matrix"], directory: directory)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.contains("warning: 300 targets: a GitHub Actions matrix makes at most 256 jobs"))
        #expect(run.error.contains("--select"))
        #expect(run.output.contains(#""target" : "pbx-299""#))
        let fewer = try await CommandRun.run(
            TestPaths.numsync, ["targets", "--targets", "t.yaml", "--format", "github-matrix", "--target", "pbx-1*"],
            directory: directory)
        #expect(!fewer.error.contains("warning"))
    }
}
