import Foundation
import PortSIPSimulator
import TestSupport
import Testing

/// The front page's promises, attacked through the command line: servers that commit late,
/// forged saved plans, secrets in odd places, and option values that used to crash.
@Suite("numsync keeps its promises")
struct PromiseTests {
    // MARK: Duplicates and lost records

    @Test("a create that times out while the PBX works on it is reported as outcome unknown, never sent twice")
    func slowCommits() async throws {
        let path = try writeDesired(numbersYAML(4))
        // Writes wait to commit until the test lets them: numsync's 1.5 s pass unanswered, and
        // its lookup comes before any commit, however slow the machine.
        try await TestSimulator.with { simulator in
            await simulator.commits.close()
            let cli = CLI(simulator: simulator)
            let apply = try await cli.run("apply", path, "--auto-approve", "--timeout", "1.5")
            #expect(apply.status == 3, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("Outcome unknown"))
            #expect(!apply.output.contains("none was sent twice"))
            #expect(await simulator.statistics.current().requests("POST /api/exclusive_numbers") == 4)
            #expect(await simulator.commits.arrived == 4)
            await simulator.commits.open()
            try await eventually("the commits") { await simulator.store.count == 4 }
            // The next run decides: every number arrived, once.
            let plan = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            let records = await simulator.store.all()
            #expect(records.count == 4)
            #expect(Set(records.map(\.number)).count == 4)
        }
    }

    @Test("a hand-edited saved plan that shows one change and sends another is refused before any request")
    func forgedSavedPlan() async throws {
        let path = try writeDesired(numbersYAML(3, tag: "New text"))
        try await TestSimulator.with({ _ in }, seed: numbersRecords(3, tag: "old")) { simulator in
            let cli = CLI(simulator: simulator)
            let planPath = TestPaths.temporaryDirectory() + "/plan.json"
            #expect(try await cli.run("plan", path, "--out", planPath).status == 0)
            // The reviewer sees description "old…" → "New text…"; the file now sends a disable and "pwned".
            var text = try String(contentsOfFile: planPath, encoding: .utf8)
            let shown = "\"send\" : {\n        \"description\" : \"New text line 1\""
            #expect(text.contains(shown))
            text = text.replacingOccurrences(
                of: shown, with: "\"send\" : {\n        \"description\" : \"pwned\",\n        \"enabled\" : false")
            try text.write(toFile: planPath, atomically: true, encoding: .utf8)
            await simulator.statistics.reset()
            let apply = try await cli.run("apply", "--plan", planPath, "--auto-approve")
            #expect(apply.status == 1)
            #expect(apply.error.contains(#"operations[1] (update "+18881000001"): its changes"#), "\(apply.error)")
            #expect(apply.error.contains("nothing was sent"))
            #expect(await simulator.statistics.current().totalRequests == 0)
            #expect(await simulator.store.all().allSatisfy { $0.description != "pwned" })
        }
    }

    @Test("a saved plan with the same create twice, or a 70-character number, is refused before any request")
    func savedPlanChecks() async throws {
        let path = try writeDesired(numbersYAML(2))
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let planPath = TestPaths.temporaryDirectory() + "/plan.json"
            #expect(try await cli.run("plan", path, "--out", planPath).status == 0)
            let original = try String(contentsOfFile: planPath, encoding: .utf8)
            let long = String(repeating: "7", count: 70)
            for forged in [
                original.replacingOccurrences(of: "+18881000001", with: "+18881000000"),
                original.replacingOccurrences(of: "+18881000001", with: long),
            ] {
                try forged.write(toFile: planPath, atomically: true, encoding: .utf8)
                let apply = try await cli.run("apply", "--plan", planPath, "--auto-approve")
                #expect(apply.status == 1, "\(apply.error)")
                #expect(apply.error.contains("operations[1] (create "))
            }
            #expect(await simulator.statistics.current().writeRequests == 0)
            #expect(await simulator.store.count == 0)
        }
    }

    @Test("a saved plan deleting an extra copy is refused once the copy it keeps is gone")
    func keptCopyIsChecked() async throws {
        let path = try writeDesired("unmanaged: delete\nexclusive_numbers:\n  - number: \"+1555\"\n")
        let copies = [
            WireNumber(id: "A", number: "+1555", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil),
            WireNumber(id: "B", number: "+1555", created_at: "2026-02-01T00:00:00Z", enabled: true, description: nil),
        ]
        try await TestSimulator.with({ _ in }, seed: copies) { simulator in
            let cli = CLI(simulator: simulator)
            let planPath = TestPaths.temporaryDirectory() + "/plan.json"
            #expect(try await cli.run("plan", path, "--out", planPath).status == 0)
            // Someone destroys the kept copy by hand; deleting B now would remove the number.
            await simulator.store.replaceAll(with: [copies[1]])
            let apply = try await cli.run("apply", "--plan", planPath, "--auto-approve")
            #expect(apply.status == 4, "\(apply.error)")
            #expect(apply.error.contains("record A, the copy this delete keeps, is no longer on the server"))
            #expect(await simulator.store.count == 1)
        }
    }

    // MARK: Secrets

    @Test(
        "a token with a control character or inner line break is refused at once, without showing it",
        arguments: ["hunter2\nX-Evil: 1", "hunter2\u{1}", "hunter 2"])
    func controlCharacterInToken(token: String) async throws {
        let path = try writeDesired(numbersYAML(1))
        try await TestSimulator.with { simulator in
            var cli = CLI(simulator: simulator)
            cli.token = token
            let plan = try await cli.run("plan", path, "-vv")
            #expect(plan.status == 1)
            #expect(plan.error.contains("PORTSIP_TOKEN: the token holds"), "\(plan.error)")
            #expect(!(plan.output + plan.error).contains("hunter"))
            #expect(!plan.error.contains("may have reached"))
            // "At once": no attempt is retried (-vv logs every retry) and none reaches the server.
            // Counted, not timed: a wall-clock bound flaked on a busy machine.
            #expect(!plan.error.contains("retrying"))
            #expect(await simulator.statistics.current().totalRequests == 0)
        }
    }

    @Test("a password in the server URL is refused, pointing at the sign-in variables, and never shown")
    func userInfoInURL() async throws {
        let path = try writeDesired(numbersYAML(1))
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let url = simulator.url.replacingOccurrences(of: "http://", with: "http://admin:hunter2@")
            for command in [["plan", path], ["drift", path], ["export"], ["apply", path, "--auto-approve"]] {
                let run = try await cli.run(command + ["--server", url])
                #expect(run.status == 1)
                #expect(run.error.contains("PORTSIP_USERNAME and PORTSIP_PASSWORD"))
                #expect(!(run.output + run.error).contains("hunter2"))
            }
            #expect(await simulator.statistics.current().totalRequests == 0)
        }
    }

    @Test("plans, reports and exports show the server as its origin")
    func serverShownAsOrigin() async throws {
        let path = try writeDesired(numbersYAML(1))
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let directory = TestPaths.temporaryDirectory()
            let server = ["--server", simulator.url + "/api/"]
            #expect(try await cli.run(["plan", path, "--out", directory + "/plan.json"] + server).status == 0)
            #expect(
                try await cli.run(["apply", path, "--auto-approve", "--report", directory + "/r.json"] + server).status
                    == 0)
            #expect(try await cli.run(["export", "--out", directory + "/e.yaml"] + server).status == 0)
            for file in ["plan.json", "r.json", "e.yaml"] {
                let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
                #expect(text.contains(simulator.url))
                #expect(!text.contains(simulator.url + "/api"), "\(file)")
            }
        }
    }

    @Test(
        "a token is never sent in clear to another machine without --allow-insecure-http",
        arguments: ["http://pbx.example.invalid:8888", "http://localhost:x@pbx.example.invalid"])
    func plainHTTPIsRefused(server: String) async throws {
        let path = try writeDesired(numbersYAML(1))
        let run = try await CommandRun.run(
            TestPaths.numsync, ["plan", path, "--server", server], environment: ["PORTSIP_TOKEN": "hunter2"])
        #expect(run.status == 1)
        #expect(!run.error.contains("hunter2"))
        #expect(run.error.contains("--allow-insecure-http") || run.error.contains("PORTSIP_USERNAME"), "\(run.error)")
    }

    // MARK: Input, files and limits

    @Test(
        "numeric options that used to crash are refused with a clear error, exit 1",
        arguments: [
            ["--timeout", "inf"], ["--timeout", "1e19"], ["--timeout", "nan"], ["--timeout", "0"],
            ["--timeout", "-1"], ["--parallelism", "0"],
        ])
    func badNumbers(option: [String]) async throws {
        let path = try writeDesired(numbersYAML(1))
        let run = try await CommandRun.run(
            TestPaths.numsync, ["plan", path, "--server", "http://127.0.0.1:9"] + option,
            environment: ["PORTSIP_TOKEN": "t"])
        #expect(run.status == 1, "\(run.error)")
        #expect(run.error.contains(option[0]))
    }

    @Test("a --report that cannot be written is found out before any write")
    func unwritableReport() async throws {
        let path = try writeDesired(numbersYAML(3))
        try await TestSimulator.with { simulator in
            let report = TestPaths.temporaryDirectory() + "/missing/report.json"
            let apply = try await CLI(simulator: simulator).run("apply", path, "--auto-approve", "--report", report)
            #expect(apply.status == 1)
            #expect(apply.error.contains("--report"))
            #expect(await simulator.statistics.current().totalRequests == 0)
        }
    }

    // That it gives up within the connect budget (2 s of waiting) is counted, not timed, in
    // PortSIPClientTests.
    @Test("a refused connection fails with the address and the reason")
    func refusedConnection() async throws {
        let path = try writeDesired(numbersYAML(1))
        try await RefusingPort.with { refusing in
            let run = try await CommandRun.run(
                TestPaths.numsync, ["plan", path, "--server", refusing.url], environment: ["PORTSIP_TOKEN": "t"])
            #expect(run.status == 1)
            #expect(
                run.error.contains("cannot connect to 127.0.0.1:\(refusing.port): connection refused"), "\(run.error)")
        }
    }

    @Test("https:// to a plain-HTTP PBX says the server did not answer TLS, without the TLS library's internals")
    func httpsToPlainHTTP() async throws {
        let path = try writeDesired(numbersYAML(1))
        try await TestSimulator.with { simulator in
            let url = simulator.url.replacingOccurrences(of: "http://", with: "https://")
            let run = try await CommandRun.run(
                TestPaths.numsync, ["plan", path, "--server", url], environment: ["PORTSIP_TOKEN": "t"])
            #expect(run.status == 1)
            #expect(
                run.error.contains("the server did not answer TLS; does it speak http:// on this port?"),
                "\(run.error)")
            #expect(!run.error.contains("--ca-cert"))
            // CommandRun checks every numsync run for BoringSSL's text and build paths.
        }
    }

    @Test("export leaves out, and names, records a desired-state file cannot hold; the file plans clean")
    func exportRefusesUnrepresentableRecords() async throws {
        func record(_ id: String, _ number: String) -> WireNumber {
            WireNumber(id: id, number: number, created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
        }
        let seed = [
            record("good", "+14155550100"), record("space", " +14155550101"), record("zwsp", "+1415\u{200B}5550102"),
            record("long", String(repeating: "8", count: 70)),
        ]
        try await TestSimulator.with({ _ in }, seed: seed) { simulator in
            let cli = CLI(simulator: simulator)
            let file = TestPaths.temporaryDirectory() + "/numbers.yaml"
            let export = try await cli.run("export", "--out", file)
            #expect(export.status == 0, "\(export.error)")
            for id in ["space", "zwsp", "long"] {
                #expect(export.error.contains("record \(id) ("), "\(export.error)")
            }
            #expect(try await cli.run("validate", file).status == 0)
            let plan = try await cli.run("plan", file, "--detailed-exitcode")
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output.contains("3 unmanaged"))
        }
    }
}
