import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("plan and apply --policy")
struct PolicyCommandTests {
    static func writePolicy(_ yaml: String, name: String = "policy.yaml") throws -> String {
        let path = TestPaths.temporaryDirectory() + "/" + name
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let seed = ["+4930100", "+4930101", "+4930102"].enumerated().map { index, number in
        WireNumber(id: "n\(index)", number: number, created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
    }

    @Test(
        "a plan that keeps the policy says how many rules ran; one that breaks it is refused with each rule, even with --force, and nothing is written"
    )
    func refusal() async throws {
        let keeps = try writeDesired(
            "exclusive_numbers:\n  - number: \"+4930100\"\n  - number: \"+4930101\"\n  - number: \"+4930102\"\n  - number: \"+4930103\"\n"
        )
        let breaks = try writeDesired(
            "unmanaged: delete\nexclusive_numbers:\n  - number: \"+15550100\"\n", name: "breaks.yaml")
        let policy = try Self.writePolicy(
            "exclusive_numbers:\n  max_deletes: 0\n  number_pattern: '^\\+49'\n  max_creates: 5\n")
        try await TestSimulator.with({ _ in }, seed: Self.seed) { simulator in
            let cli = CLI(simulator: simulator)
            let fine = try await cli.run("plan", keeps, "--policy", policy)
            #expect(fine.status == 0, "\(fine.output)\(fine.error)")
            #expect(fine.output.contains("policy \(policy): 3 rules checked, 0 violated."), "\(fine.output)")

            let plan = try await cli.run("plan", breaks, "--policy", policy, "--force")
            #expect(plan.status == 4, "\(plan.output)\(plan.error)")
            #expect(plan.output.contains("⛔ apply will be refused: policy \(policy): 3 rules checked, 2 violated."))
            #expect(
                plan.output.contains(
                    #"exclusive_numbers.max_deletes: 0 (\#(policy):2:3): the plan has 3 deletes: "+4930100", "+4930101", "+4930102""#
                ), "\(plan.output)")
            #expect(plan.output.contains(#"1 number does not match: "+15550100""#))
            let json = try await cli.run("plan", breaks, "--policy", policy, "--format", "json")
            let document = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as! [String: Any]
            let verdict = try #require(document["policy"] as? [String: Any])
            #expect(verdict["rules_checked"] as? Int == 3)
            #expect(
                (verdict["violations"] as? [[String: Any]])?.map { $0["rule"] as? String } == [
                    "max_deletes", "number_pattern",
                ])

            await simulator.statistics.reset()
            let apply = try await cli.run("apply", breaks, "--policy", policy, "--force", "--auto-approve")
            #expect(apply.status == 4, "\(apply.output)\(apply.error)")
            #expect(apply.error.contains("--force does not lift a policy"), "\(apply.error)")
            #expect(await simulator.statistics.current().writeRequests == 0)
            #expect(await simulator.store.all().count == 3)
        }
    }

    @Test("a saved plan made without the policy is checked against the one given when it is applied")
    func savedPlan() async throws {
        let path = try writeDesired("unmanaged: delete\nexclusive_numbers: []\n")
        let policy = try Self.writePolicy("exclusive_numbers:\n  max_deletes: 2\n")
        let saved = TestPaths.temporaryDirectory() + "/policy-plan.json"
        try await TestSimulator.with({ _ in }, seed: Self.seed) { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved, "--force").status == 0)
            let apply = try await cli.run("apply", "--plan", saved, "--policy", policy, "--force")
            #expect(apply.status == 4, "\(apply.output)\(apply.error)")
            #expect(apply.error.contains("exclusive_numbers.max_deletes: 2"), "\(apply.error)")
            #expect(await simulator.store.all().count == 3)
        }
    }

    @Test("a policy file with an unknown rule stops the command before any request (exit 1), naming its place")
    func unknownRule() async throws {
        let path = try writeDesired("exclusive_numbers: []\n")
        let policy = try Self.writePolicy("exclusive_numbers:\n  max_deletions: 0\n", name: "typo.yaml")
        try await TestSimulator.with { simulator in
            await simulator.statistics.reset()
            for arguments in [["plan"], ["apply", "--auto-approve"]] {
                let result = try await CLI(simulator: simulator).run(arguments + [path, "--policy", policy])
                #expect(result.status == 1)
                #expect(
                    result.error.contains(
                        #"typo.yaml:2:3: error: unknown key "max_deletions" in `exclusive_numbers` of a policy; did you mean `max_deletes`?"#
                    ),
                    "\(result.error)")
            }
            #expect(await simulator.statistics.current().totalRequests == 0)
        }
    }

    @Test(
        "a target's own policy in a targets file is checked with --policy, and its violation ends that target with exit 4"
    )
    func targetPolicy() async throws {
        let directory = TestPaths.temporaryDirectory() + "/policy-fleet"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "unmanaged: delete\nexclusive_numbers: []\n".write(
            toFile: directory + "/numbers.yaml", atomically: true, encoding: .utf8)
        try "exclusive_numbers:\n  max_deletes: 0\n".write(
            toFile: directory + "/protect.yaml", atomically: true, encoding: .utf8)
        try "vip_numbers:\n  max_changes: 5\n".write(
            toFile: directory + "/general.yaml", atomically: true, encoding: .utf8)
        try await TestSimulator.with({ _ in }, seed: Self.seed) { simulator in
            let targets =
                "targets:\n  - name: pbx\n    url: \(simulator.url)\n    token_env: T\n    policy: protect.yaml\n"
                + "    files: [numbers.yaml]\n"
            try targets.write(toFile: directory + "/t.yaml", atomically: true, encoding: .utf8)
            let fleet = try await CommandRun.run(
                TestPaths.numsync, ["plan", "--targets", "t.yaml", "--policy", "general.yaml", "--force"],
                environment: ["T": TestSimulator.token, "NUMSYNC_RATE_LIMIT": "0"], directory: directory)
            #expect(fleet.status == 4, "\(fleet.output)\(fleet.error)")
            #expect(fleet.output.contains("2 rules checked, 1 violated"), "\(fleet.output)")
            #expect(fleet.output.contains("exclusive_numbers.max_deletes: 0"))
            #expect(await simulator.store.all().count == 3)
        }
    }

    @Test("validate --policy checks the policy file and, without a server, the numbers its patterns do not match")
    func validate() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+4930100\"\n  - number: \"+15550100\"\n")
        let policy = try Self.writePolicy("exclusive_numbers:\n  number_pattern: '^\\+49'\n", name: "pattern.yaml")
        let result = try await CommandRun.run(TestPaths.numsync, ["validate", path, "--policy", policy])
        #expect(result.status == 1)
        #expect(
            result.error.contains(
                #":3:13: error: "+15550100" breaks the policy: it does not match `exclusive_numbers.number_pattern` '^\+49'"#
            ), "\(result.error)")
        #expect(result.error.contains("pattern.yaml:2:3: note: the rule"))
        let example = try await CommandRun.run(
            TestPaths.numsync,
            [
                "validate", TestPaths.package + "/examples/numbers.yaml", "--policy",
                TestPaths.package + "/examples/policy/numsync.policy.yaml",
            ])
        #expect(example.status == 0, "\(example.error)")
    }
}
