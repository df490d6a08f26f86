import Foundation
import PortSIPSimulator
import TestSupport
import Testing

/// Three PBXs: `eu-a` in sync, `eu-b` holding changes, `us-c` (an account, not a token) whose
/// password in the environment is wrong.
struct ThreePBXs {
    static let tokens = ["eu-a": "secret-token-a-91f", "eu-b": "secret-token-b-37c"]
    static let rightPassword = "right-password-c-4b1"
    static let wrongPassword = "wrong-password-c-08e"

    let directory: String
    let targetsFile: String
    let simulators: [String: RunningSimulator]

    /// The environment the operator has: each target's variable, and a PortSIP connection of
    /// its own that no target may inherit.
    var environment: [String: String] {
        [
            "PBX_EU_A_TOKEN": Self.tokens["eu-a"]!, "PBX_EU_B_TOKEN": Self.tokens["eu-b"]!,
            "ACME_USER": "acme", "ACME_PASSWORD": Self.wrongPassword, "PORTSIP_URL": simulators["eu-a"]!.url,
            "PORTSIP_TOKEN": Self.tokens["eu-a"]!, "NUMSYNC_RATE_LIMIT": "0",
        ]
    }

    /// Every secret, to look for in outputs and files.
    static var secrets: [String] { Array(tokens.values) + [rightPassword, wrongPassword] }

    func run(_ arguments: String..., input: String = "") async throws -> CommandRun {
        try await run(arguments, input: input)
    }

    func run(_ arguments: [String], input: String = "") async throws -> CommandRun {
        try await CommandRun.run(
            TestPaths.numsync, arguments, environment: environment, input: input, directory: directory)
    }

    /// Starts three simulators and writes the targets file and the number files.
    static func with(_ body: (ThreePBXs) async throws -> Void) async throws {
        let desired = numbersYAML(20)
        let configureA: (inout SimulatorConfiguration) -> Void = { $0.token = tokens["eu-a"]! }
        try await TestSimulator.with(configureA, seed: numbersRecords(20)) { a in
            // eu-b holds older descriptions of the first five numbers: five updates pending.
            let older = numbersRecords(20).enumerated().map { index, record in
                var record = record
                if index < 5 { record.description = "edited by hand \(index)" }
                return record
            }
            try await TestSimulator.with({ $0.token = tokens["eu-b"]! }, seed: older) { b in
                try await TestSimulator.with(
                    {
                        $0.token = nil
                        $0.users = ["acme": rightPassword]
                    }, seed: numbersRecords(20)
                ) { c in
                    let directory = TestPaths.temporaryDirectory()
                    try FileManager.default.createDirectory(
                        atPath: directory + "/numbers/eu", withIntermediateDirectories: true)
                    try desired.write(toFile: directory + "/numbers/eu/lines.yaml", atomically: true, encoding: .utf8)
                    try desired.write(toFile: directory + "/numbers/us.yaml", atomically: true, encoding: .utf8)
                    let targets = """
                        targets:
                          - name: eu-a
                            url: \(a.url)
                            token_env: PBX_EU_A_TOKEN
                            files: [numbers/eu/]
                            labels: {region: eu, env: prod}
                          - name: eu-b
                            url: \(b.url)
                            token_env: PBX_EU_B_TOKEN
                            files: [numbers/eu/]
                            labels: {region: eu, env: test}
                          - name: us-c
                            url: \(c.url)
                            username_env: ACME_USER
                            password_env: ACME_PASSWORD
                            files: [numbers/us.yaml]
                            labels: {region: us, env: prod}

                        """
                    try targets.write(toFile: directory + "/numsync.targets.yaml", atomically: true, encoding: .utf8)
                    try await body(
                        ThreePBXs(
                            directory: directory, targetsFile: "numsync.targets.yaml",
                            simulators: ["eu-a": a, "eu-b": b, "us-c": c]))
                }
            }
        }
    }

    /// Every file under `path`, read as text.
    func files(under path: String) throws -> [String: String] {
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: path) {
            files[name] = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
        }
        return files
    }

    func expectNoSecret(in texts: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            for secret in Self.secrets {
                #expect(!text.contains(secret), "a secret was printed or written", sourceLocation: sourceLocation)
            }
        }
    }
}

@Suite("Many PBXs from one targets file")
struct TargetsCommandTests {
    @Test(
        "plan --targets keeps going past a failing target, prints each target's block in file order, summarises, and exits with the worst code"
    )
    func plan() async throws {
        try await ThreePBXs.with { fleet in
            let run = try await fleet.run(
                "plan", "--targets", fleet.targetsFile, "--report-dir", "reports", "--detailed-exitcode")
            #expect(run.status == 1, "\(run.output)\(run.error)")
            let a = try #require(run.output.range(of: "── plan eu-a: ok (exit 0"))
            let b = try #require(run.output.range(of: "── plan eu-b: changes (exit 2"))
            let c = try #require(run.output.range(of: "── plan us-c: error (exit 1"))
            #expect(a.lowerBound < b.lowerBound && b.lowerBound < c.lowerBound)
            #expect(run.output.contains("Plan: 0 to create, 5 to update, 0 to disable, 0 to delete."))
            #expect(run.error.contains("sign"), "\(run.error)")
            #expect(run.output.contains("Summary of numsync plan over 3 targets:"))
            #expect(run.output.contains("1 ok, 1 with changes, 1 failed; exit 1."))
            let reports = try fleet.files(under: fleet.directory + "/reports")
            #expect(Set(reports.keys) == ["eu-a.plan.json", "eu-b.plan.json", "summary.json", "summary.md"])

            // Without --detailed-exitcode, a target with changes counts as exit 0, and its heading says so.
            let plain = try await fleet.run("plan", "--targets", fleet.targetsFile, "--exclude", "us-c")
            #expect(plain.status == 0, "\(plain.output)\(plain.error)")
            #expect(plain.output.contains("── plan eu-b: changes (exit 0, "), "\(plain.output)")
            let summary =
                try JSONSerialization.jsonObject(with: Data(reports["summary.json"]!.utf8)) as! [String: Any]
            let targets = summary["targets"] as! [[String: Any]]
            #expect(targets.map { $0["target"] as! String } == ["eu-a", "eu-b", "us-c"])
            #expect(targets.map { $0["status"] as! String } == ["ok", "changes", "error"])
            #expect((targets[1]["changes"] as! [String: Int])["update"] == 5)
            #expect(summary["exit_code"] as? Int == 1)
            #expect(reports["summary.md"]!.contains("<details><summary>us-c: error</summary>"))
            fleet.expectNoSecret(in: [run.output, run.error] + Array(reports.values))
            // The PBXs were only read.
            for simulator in fleet.simulators.values {
                #expect(await simulator.statistics.current().commits.isEmpty)
            }
        }
    }

    @Test(
        "targets are chosen by name, glob, label and exclusion; a pattern matching nothing is an error",
        arguments: [
            (["--target", "eu-b"], ["eu-b"], 2), (["--target", "eu-*"], ["eu-a", "eu-b"], 2),
            (["--select", "env=prod"], ["eu-a", "us-c"], 1), (["--exclude", "us-c"], ["eu-a", "eu-b"], 2),
            (["--select", "region=eu", "--exclude", "eu-b"], ["eu-a"], 0),
        ] as [([String], [String], Int32)])
    func selection(_ options: [String], selected: [String], status: Int32) async throws {
        try await ThreePBXs.with { fleet in
            let run = try await fleet.run(
                ["plan", "--targets", fleet.targetsFile, "--detailed-exitcode", "--max-parallel-targets", "2"]
                    + options)
            #expect(run.status == status, "\(run.output)\(run.error)")
            for name in ["eu-a", "eu-b", "us-c"] {
                #expect(run.output.contains("── plan \(name):") == selected.contains(name), "\(name)")
            }
            let listed = try await fleet.run(["targets", "--targets", fleet.targetsFile] + options)
            #expect(listed.output.split(separator: "\n").map { String($0.prefix(4)) } == selected)
        }
    }

    @Test("a misspelt --exclude stops the run before any request, naming the target it meant")
    func misspelt() async throws {
        try await ThreePBXs.with { fleet in
            let run = try await fleet.run(
                "apply", "--targets", fleet.targetsFile, "--exclude", "us-d", "--auto-approve")
            #expect(run.status == 1)
            #expect(run.error.contains("--exclude \"us-d\" matches no target; did you mean `us-c`?"))
            for simulator in fleet.simulators.values {
                #expect(await simulator.statistics.current().totalRequests == 0)
            }
        }
    }

    @Test(
        "apply --targets shows every plan, asks once, applies each as shown, and a second plan over all of them is empty"
    )
    func apply() async throws {
        try await ThreePBXs.with { fleet in
            // Without a terminal and without --auto-approve it refuses, having written nothing.
            let refused = try await fleet.run("apply", "--targets", fleet.targetsFile, "--exclude", "us-c")
            #expect(refused.status == 1)
            #expect(refused.error.contains("refusing to apply without confirmation"))
            #expect(await fleet.simulators["eu-b"]!.statistics.current().commits.isEmpty)

            let run = try await fleet.run(
                "apply", "--targets", fleet.targetsFile, "--exclude", "us-c", "--auto-approve", "--report-dir", "r")
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(run.output.contains("── apply eu-b: ok (exit 0"))
            #expect(!run.output.contains("── apply eu-a:"), "a target without changes is not applied")
            // Each plan is shown once, by the plan stage; the apply stage refers to it.
            #expect(run.output.contains("applying eu-b's plan (shown above)"))
            #expect(run.output.components(separatedBy: "numsync will perform these actions on").count == 2)
            #expect(run.output.contains("Apply complete: 0 created, 5 updated"))
            #expect(run.output.contains("2 ok; exit 0."))
            let reports = try fleet.files(under: fleet.directory + "/r")
            #expect(reports["eu-b.apply.json"] != nil)
            fleet.expectNoSecret(in: [run.output, run.error] + Array(reports.values))

            let again = try await fleet.run(
                "plan", "--targets", fleet.targetsFile, "--exclude", "us-c", "--detailed-exitcode")
            #expect(again.status == 0, "\(again.output)")
        }
    }

    @Test("drift --targets --metrics-out writes gauges per target and list that parse back, and a failed check as 0")
    func metrics() async throws {
        try await ThreePBXs.with { fleet in
            let run = try await fleet.run(
                "drift", "--targets", fleet.targetsFile, "--metrics-out", "drift.prom", "--report-dir", "d")
            #expect(run.status == 1, "\(run.output)\(run.error)")
            let text = try String(contentsOfFile: fleet.directory + "/drift.prom", encoding: .utf8)
            var samples: [String: Double] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 2, "no timestamp on a sample: \(line)")
                samples[String(parts[0])] = Double(parts[1])
            }
            #expect(samples[#"numsync_drift_changed_records{target="eu-b",list="exclusive_numbers"}"#] == 5)
            #expect(samples[#"numsync_drift_changed_records{target="eu-a",list="exclusive_numbers"}"#] == 0)
            #expect(samples[#"numsync_drift_check_success{target="eu-b"}"#] == 1)
            #expect(samples[#"numsync_drift_check_success{target="us-c"}"#] == 0)
            #expect(samples[#"numsync_drift_changed_records{target="us-c",list="exclusive_numbers"}"#] == nil)
            let now = Date().timeIntervalSince1970
            let checked = try #require(samples[#"numsync_drift_check_timestamp_seconds{target="eu-a"}"#])
            #expect(abs(now - checked) < 600)
            fleet.expectNoSecret(
                in: [run.output, run.error, text] + Array(try fleet.files(under: fleet.directory + "/d").values))
        }
    }

    @Test(
        "a target whose variable is not set fails on its own; the others run, and no target sees another's credentials")
    func isolation() async throws {
        try await ThreePBXs.with { fleet in
            var environment = fleet.environment
            // us-c signs in with its account: had the operator's PORTSIP_TOKEN (eu-a's) leaked
            // into its run, it would have been sent instead, and refused.
            environment["ACME_PASSWORD"] = ThreePBXs.rightPassword
            let account = try await CommandRun.run(
                TestPaths.numsync, ["plan", "--targets", fleet.targetsFile, "--target", "us-c"],
                environment: environment, directory: fleet.directory)
            #expect(account.status == 0, "\(account.output)\(account.error)")
            #expect(account.output.contains("── plan us-c: ok (exit 0"))
            environment["PBX_EU_B_TOKEN"] = nil
            let run = try await CommandRun.run(
                TestPaths.numsync, ["plan", "--targets", fleet.targetsFile, "--target", "eu-*", "-v"],
                environment: environment, directory: fleet.directory)
            #expect(run.status == 1)
            #expect(
                run.error.contains(
                    "error: target eu-b: the environment variable PBX_EU_B_TOKEN (its token_env) is not set or empty; it was not run"
                ))
            #expect(run.output.contains("── plan eu-a: ok (exit 0"))
            // eu-b's simulator got no request: it was not run with eu-a's (or the operator's) token.
            #expect(await fleet.simulators["eu-b"]!.statistics.current().totalRequests == 0)
        }
    }

    @Test("Ctrl-C reaches the running target (in its own process group) and starts no other; the summary says so")
    func interrupt() async throws {
        try await ThreePBXs.with { fleet in
            // eu-a's first page is held at the PBX until the test ends: the interrupt finds it running.
            await fleet.simulators["eu-a"]!.hold.close()
            let running = try CommandRun.start(
                TestPaths.numsync, ["plan", "--targets", fleet.targetsFile, "--max-parallel-targets", "1"],
                environment: fleet.environment, directory: fleet.directory)
            await fleet.simulators["eu-a"]!.hold.waitForArrivals(1)
            running.signal(SIGINT)
            let run = await running.wait()
            #expect(run.status == 130, "\(run.output)\(run.error)")
            #expect(run.output.contains("── plan eu-a: interrupted (exit 130"))
            #expect(run.error.contains("Interrupted: target eu-b was not started."))
            #expect(run.output.contains("3 interrupted; exit 130."))
            #expect(await fleet.simulators["eu-b"]!.statistics.current().totalRequests == 0)
        }
    }

    @Test(
        "export --targets writes each target's records to DIR/<target>.yaml, and validate --targets checks each target's files"
    )
    func export() async throws {
        try await ThreePBXs.with { fleet in
            let run = try await fleet.run(
                "export", "--targets", fleet.targetsFile, "--select", "region=eu", "--out", "exported")
            #expect(run.status == 0, "\(run.output)\(run.error)")
            let files = try fleet.files(under: fleet.directory + "/exported")
            #expect(Set(files.keys) == ["eu-a.yaml", "eu-b.yaml"])
            #expect(files["eu-b.yaml"]!.contains("edited by hand 0"))
            #expect(!files["eu-a.yaml"]!.contains("edited by hand"))
            fleet.expectNoSecret(in: [run.output, run.error] + Array(files.values))

            try "exclusive_numbers:\n  - number: \"+1\u{200B}415\"\n".write(
                toFile: fleet.directory + "/numbers/us.yaml", atomically: true, encoding: .utf8)
            let validate = try await fleet.run("validate", "--targets", fleet.targetsFile)
            #expect(validate.status == 1)
            #expect(validate.output.contains("2 ok, 1 failed; exit 1."))
            #expect(validate.error.contains("numbers/us.yaml:2:"), "\(validate.error)")
        }
    }

    @Test("numsync targets prints a GitHub Actions matrix with the names of variables, never their values")
    func matrix() async throws {
        try await ThreePBXs.with { fleet in
            let run = try await fleet.run("targets", "--targets", fleet.targetsFile, "--format", "github-matrix")
            #expect(run.status == 0, "\(run.error)")
            let matrix = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as! [String: Any]
            let include = matrix["include"] as! [[String: String]]
            #expect(include.map { $0["target"]! } == ["eu-a", "eu-b", "us-c"])
            #expect(include.map { $0["token_env"]! } == ["PBX_EU_A_TOKEN", "PBX_EU_B_TOKEN", ""])
            #expect(include.map { $0["password_env"]! } == ["", "", "ACME_PASSWORD"])
            fleet.expectNoSecret(in: [run.output, run.error])
        }
    }
}
