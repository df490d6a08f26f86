import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("numsync plan and drift")
struct PlanAndDriftTests {
    @Test("plan --detailed-exitcode: 2 with changes, 0 without; and plan sends no write")
    func detailedExitCodes() async throws {
        let path = try writeDesired(numbersYAML(20))
        try await TestSimulator.with({ _ in }, seed: numbersRecords(15)) { simulator in
            let cli = CLI(simulator: simulator)
            let pending = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(pending.status == 2, "\(pending.error)")
            #expect(
                pending.output.contains(
                    "Plan: 5 to create, 0 to update, 0 to disable, 0 to delete. 15 unchanged, 0 unmanaged."))
            #expect(await simulator.statistics.current().writeRequests == 0)
            await simulator.store.insert(Array(numbersRecords(20).dropFirst(15)))
            let clean = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(clean.status == 0)
            #expect(clean.output.hasPrefix("No changes."))
            // Without --detailed-exitcode, changes still exit 0.
            await simulator.store.replaceAll(with: [])
            #expect(try await cli.run("plan", path).status == 0)
        }
    }

    @Test("plan exits 1 on bad input, a bad token or no server, and says why")
    func errors() async throws {
        try await TestSimulator.with { simulator in
            let bad = try writeDesired("exclusive_numbers:\n  - number: \" +1\"\n")
            let badRun = try await CLI(simulator: simulator).run("plan", bad, "--detailed-exitcode")
            #expect(badRun.status == 1)
            #expect(badRun.error.contains("leading or trailing whitespace"))
            #expect(badRun.error.contains("nothing was sent"))
            #expect(await simulator.statistics.current().totalRequests == 0)

            let good = try writeDesired(numbersYAML(2))
            var wrong = CLI(simulator: simulator)
            wrong.token = "not-the-token"
            let rejected = try await wrong.run("plan", good, "--detailed-exitcode")
            #expect(rejected.status == 1)
            #expect(rejected.error.contains("the token was rejected"))
            #expect(!rejected.error.contains("not-the-token"))

            let noServer = try await CommandRun.run(
                TestPaths.numsync, ["plan", good], environment: ["PORTSIP_TOKEN": "x"])
            #expect(noServer.status == 1)
            #expect(noServer.error.contains("set PORTSIP_URL"))
            let noCredentials = try await CommandRun.run(
                TestPaths.numsync, ["plan", good], environment: ["PORTSIP_URL": simulator.url])
            #expect(noCredentials.status == 1)
            #expect(noCredentials.error.contains("no credentials"))
        }
    }

    @Test("plan exits 4 when the listing is incomplete, planning no creates")
    func incompleteListing() async throws {
        let path = try writeDesired(numbersYAML(300))
        try await TestSimulator.with({ $0.paging = .overlap }, seed: numbersRecords(250)) { simulator in
            let run = try await CLI(simulator: simulator).run("plan", path, "--detailed-exitcode")
            #expect(run.status == 4)
            #expect(run.error.contains("the listing is incomplete"))
            #expect(!run.output.contains("to create"))
        }
    }

    @Test("plan exits 4 above the safety threshold, unless --force or a higher --max-change-percent")
    func safetyThreshold() async throws {
        let path = try writeDesired(numbersYAML(20, tag: "v2"))
        try await TestSimulator.with({ _ in }, seed: numbersRecords(20)) { simulator in
            let cli = CLI(simulator: simulator)
            let refused = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(refused.status == 4)
            #expect(refused.error.contains("20 updates touch 20 of the 20 exclusive numbers on the server (100 %)"))
            #expect(try await cli.run("plan", path, "--detailed-exitcode", "--force").status == 2)
            #expect(try await cli.run("plan", path, "--detailed-exitcode", "--max-change-percent", "100").status == 2)
        }
    }

    @Test("plan --format json and markdown print the plan in those formats")
    func formats() async throws {
        let path = try writeDesired(numbersYAML(3))
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let json = try await cli.run("plan", path, "--format", "json")
            let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(document?["format_version"] as? Int == 2)
            #expect((document?["summary"] as? [String: Int])?["create"] == 3)
            let markdown = try await cli.run("plan", path, "--format", "markdown")
            #expect(markdown.output.hasPrefix("### numsync plan: 3 to create"))
        }
    }

    @Test("drift: 0 when the server matches, 2 when it differs, 1 on error")
    func drift() async throws {
        let path = try writeDesired(numbersYAML(10))
        var changed = numbersRecords(10)
        changed[3].description = "edited by hand"
        try await TestSimulator.with({ _ in }, seed: numbersRecords(10)) { simulator in
            let cli = CLI(simulator: simulator)
            let clean = try await cli.run("drift", path)
            #expect(clean.status == 0)
            #expect(clean.output.contains("No drift."))

            await simulator.store.replaceAll(
                with: changed + [
                    WireNumber(
                        id: "hand", number: "+1999", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil
                    )
                ])
            let drifted = try await cli.run("drift", path)
            #expect(drifted.status == 2)
            #expect(drifted.output.contains("Changed on the server (1):"))
            #expect(drifted.output.contains(#"description: server "edited by hand", file "v1 line 3""#))
            #expect(drifted.output.contains("Unmanaged, on the server but in no file (1):"))

            await simulator.store.replaceAll(
                with: numbersRecords(10) + [
                    WireNumber(
                        id: "hand", number: "+1999", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil
                    )
                ])
            #expect(try await cli.run("drift", path).status == 2)
            #expect(try await cli.run("drift", path, "--ignore-unmanaged").status == 0)

            let json = try await cli.run("drift", path, "--format", "json")
            let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
            #expect(document?["drifted"] as? Bool == true)

            var wrong = cli
            wrong.token = "nope"
            #expect(try await wrong.run("drift", path).status == 1)
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("a token file works, with a warning when others can read it")
    func tokenFile() async throws {
        let path = try writeDesired(numbersYAML(1))
        let tokenPath = TestPaths.temporaryDirectory() + "/token"
        try (TestSimulator.token + "\n").write(toFile: tokenPath, atomically: true, encoding: .utf8)
        chmod(tokenPath, 0o644)
        try await TestSimulator.with { simulator in
            let run = try await CommandRun.run(
                TestPaths.numsync, ["plan", path, "--token-file", tokenPath],
                environment: ["PORTSIP_URL": simulator.url])
            #expect(run.status == 0, "\(run.error)")
            #expect(run.error.contains("can be read by other users"))
            chmod(tokenPath, 0o600)
            let quiet = try await CommandRun.run(
                TestPaths.numsync, ["plan", path, "--token-file", tokenPath],
                environment: ["PORTSIP_URL": simulator.url])
            #expect(!quiet.error.contains("warning"))
        }
    }

    @Test("-vv logs requests and bodies but never the token")
    func verboseHidesToken() async throws {
        let path = try writeDesired(numbersYAML(2))
        try await TestSimulator.with { simulator in
            let run = try await CLI(simulator: simulator).run("apply", path, "--auto-approve", "-vv")
            #expect(run.status == 0)
            #expect(run.error.contains("POST /api/exclusive_numbers 200"))
            #expect(run.error.contains(#""description":"v1 line 1""#))
            #expect(!(run.output + run.error).contains(TestSimulator.token))
        }
    }
}
