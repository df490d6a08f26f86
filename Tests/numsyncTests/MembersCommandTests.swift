import Foundation
import NumSyncCore
import PortSIPSimulator
import TestSupport
import Testing

/// A PBX with two call queues and a ring group, some members with skill levels.
private func seeding(_ configuration: inout SimulatorConfiguration) {
    configuration.seedQueues = [
        .init(
            extension_number: "8000", name: "Sales", polling_strategy: "PRIORITIZED_HUNT",
            members: ["101", "102", "103", "104"]),
        .init(
            extension_number: "8010", name: "Support", polling_strategy: "SKILL_BASED",
            members: ["201", .init(extension_number: "202", skill_level: 5)]),
    ]
    configuration.seedRingGroups = [
        .init(extension_number: "7000", name: "Desk", ring_strategy: "RING_ALL", members: ["101"])
    ]
}

/// Runs `body` against a simulator seeded by `seeding`, its "set" meaning `semantics`.
private func withSeededPBX(
    _ semantics: ExclusiveAgents.SetSemantics = .replace, _ body: (RunningSimulator, CLI) async throws -> Void
) async throws {
    try await TestSimulator.with({
        seeding(&$0)
        $0.agentsSet = semantics
    }) { simulator in
        try await body(simulator, CLI(simulator: simulator))
    }
}

/// What the simulator holds: by list key, by group extension, `extension:level` for each member, sorted.
private func heldMembers(_ simulator: RunningSimulator) async -> [String: [String: [String]]] {
    var result: [String: [String: [String]]] = [:]
    for (list, store) in [(PortSIPList.callQueues, simulator.queues), (.ringGroups, simulator.ringGroups)] {
        for group in await store.all() {
            let members = await simulator.agents.members(in: list, of: group.id)
            result[list.key, default: [:]][group.text("extension_number") ?? ""] =
                members.map { "\($0.extension_number):\($0.skill_level)" }.sorted()
        }
    }
    return result
}

/// Sets a group's members directly on the simulator, as a hand edit in the web portal would.
private func handEdit(_ simulator: RunningSimulator, queue: String, _ members: [String]) async {
    let id = await simulator.queues.all().first { $0.text("extension_number") == queue }!.id
    await simulator.agents.seedMembers(members.map { .init(extension_number: $0) }, in: .callQueues, of: id)
}

@Suite("Call queue and ring group members, every command")
struct MembersCommandTests {
    static let desired = """
        call_queues:
          "8000":
            members: ["101", "102", {extension: "103", skill_level: 80}, "104", "105"]
          "8010":
            members:
              - extension: "201"
                skill_level: 80
              - "202"
        ring_groups:
          "7000":
            members: ["101", "103"]
        """

    @Test(
        "members are added, re-levelled and kept, a second plan is empty, and a hand edit is drift",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func lifecycle(semantics: ExclusiveAgents.SetSemantics) async throws {
        let path = try writeDesired(Self.desired)
        try await withSeededPBX(semantics) { simulator, cli in
            let plan = try await cli.run("plan", path)
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output.contains(#"~ members "8000": + "105", ~ "103" skill 1 → 80"#), "\(plan.output)")
            #expect(plan.output.contains(#"~ members "8010": ~ "201" skill 1 → 80, ~ "202" skill 5 → 1"#))
            #expect(plan.output.contains(#"~ members "7000": + "103""#))
            #expect(plan.output.contains("Plan for call_queues: 2 member changes. 0 unchanged."))
            // Files that give members only manage no list of numbers.
            #expect(!plan.output.contains("exclusive_numbers"))

            let apply = try await cli.run("apply", path, "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("Call queue members: 2 of 2 changes applied and read back."))
            #expect(apply.output.contains("Ring group members: 1 of 1 change applied and read back."))
            #expect(
                await heldMembers(simulator) == [
                    "call_queues": [
                        "8000": ["101:1", "102:1", "103:80", "104:1", "105:1"], "8010": ["201:80", "202:1"],
                    ],
                    "ring_groups": ["7000": ["101:1", "103:1"]],
                ])
            #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
            #expect(try await cli.run("drift", path).status == 0)

            await handEdit(simulator, queue: "8000", ["101", "109"])
            let drift = try await cli.run("drift", path)
            #expect(drift.status == 2, "\(drift.output)\(drift.error)")
            #expect(drift.output.contains("Call queue members differ on the server (1):"))
            #expect(
                drift.output.contains(#"server ["101", "109"], file ["101", "102", "103" (skill 80), "104", "105"]"#))
        }
    }

    @Test(
        "members are removed where the PBX's set replaces; where it only adds, the apply says which it kept and why",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func removal(semantics: ExclusiveAgents.SetSemantics) async throws {
        let path = try writeDesired(
            """
            call_queues:
              "8000":
                members: ["101", "102", "103"]
            """)
        try await withSeededPBX(semantics) { simulator, cli in
            let apply = try await cli.run("apply", path, "--auto-approve")
            let held = await heldMembers(simulator)["call_queues"]?["8000"]
            switch semantics {
            case .replace:
                #expect(apply.status == 0, "\(apply.output)\(apply.error)")
                #expect(held == ["101:1", "102:1", "103:1"])
                #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
            case .add:
                #expect(apply.status == 3, "\(apply.output)\(apply.error)")
                #expect(held == ["101:1", "102:1", "103:1", "104:1"])
                #expect(apply.output.contains("1 member change failed"))
                #expect(apply.output.contains("PortSIP has no request that removes members"), "\(apply.output)")
            }
        }
    }

    @Test(
        "a queue's new member is added before the exclusive agent who needs it, in both set modes",
        arguments: [
            ExclusiveAgents.SetSemantics.replace, .add,
        ])
    func membersBeforeAgents(semantics: ExclusiveAgents.SetSemantics) async throws {
        let path = try writeDesired(
            """
            exclusive_numbers:
              - number: "+1001"
                queues:
                  "8000": ["105"]
            call_queues:
              "8000":
                members: ["101", "102", "103", "104", "105"]
            """)
        try await withSeededPBX(semantics) { simulator, cli in
            let apply = try await cli.run("apply", path, "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("Exclusive agents: 1 of 1 change applied and read back."))
            #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
        }
    }

    @Test("an exclusive agent the files take out of the queue's members is an error at the agent")
    func agentOutsideMembers() async throws {
        let path = try writeDesired(
            """
            exclusive_numbers:
              - number: "+1001"
                queues:
                  "8000": ["104"]
            call_queues:
              "8000":
                members: ["101", "102", "103"]
            """)
        try await TestSimulator.with({ seeding(&$0) }) { simulator in
            let plan = try await CLI(simulator: simulator).run("plan", path)
            #expect(plan.status == 1)
            #expect(
                plan.error.contains(
                    #"numbers.yaml:4:16: error: agent "104" would not be a member of call queue "8000" once its "#),
                "\(plan.error)")
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("a call queue the PBX does not have is an error at its place in the file, and nothing is written")
    func unknownQueue() async throws {
        let path = try writeDesired(
            """
            call_queues:
              "8999":
                members: ["101"]
            """)
        try await TestSimulator.with({ seeding(&$0) }) { simulator in
            let apply = try await CLI(simulator: simulator).run("apply", path, "--auto-approve")
            #expect(apply.status == 1)
            #expect(
                apply.error.contains(#"numbers.yaml:2:3: error: the PBX has no call queue "8999""#), "\(apply.error)")
            #expect(await heldMembers(simulator)["call_queues"]?["8000"]?.count == 4)
        }
    }

    @Test(
        "a saved plan applies its member changes; one made stale by a hand edit, or whose group id is another group's, is refused",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func savedPlan(semantics: ExclusiveAgents.SetSemantics) async throws {
        let path = try writeDesired(Self.desired)
        let saved = TestPaths.temporaryDirectory() + "/members-plan-\(semantics).json"
        try await withSeededPBX(semantics) { simulator, cli in
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            let json = try String(contentsOfFile: saved, encoding: .utf8)
            #expect(json.contains("\"member_changes\""))
            await handEdit(simulator, queue: "8000", ["101"])
            let refused = try await cli.run("apply", "--plan", saved, "--auto-approve")
            #expect(refused.status == 4, "\(refused.output)\(refused.error)")
            #expect(refused.error.contains("members are now [\"101\"]"), "\(refused.error)")

            // An id that names another queue contradicts the plan itself: refused before any write.
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            let ids = await simulator.queues.all().map(\.id)
            let plan = try String(contentsOfFile: saved, encoding: .utf8)
            let swapped = plan.replacingOccurrences(of: ids[0], with: "\u{0}").replacingOccurrences(
                of: ids[1], with: ids[0]
            ).replacingOccurrences(of: "\u{0}", with: ids[1])
            try swapped.write(toFile: saved, atomically: true, encoding: .utf8)
            await simulator.statistics.reset()
            let forged = try await cli.run("apply", "--plan", saved, "--auto-approve")
            #expect(forged.status == 1, "\(forged.output)\(forged.error)")
            #expect(forged.error.contains(#"member_changes[0] ("8000"): group_id"#), "\(forged.error)")
            #expect(await simulator.statistics.current().requests.keys.allSatisfy { $0.hasPrefix("GET") })

            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            let applied = try await cli.run("apply", "--plan", saved, "--auto-approve")
            #expect(applied.status == 0, "\(applied.output)\(applied.error)")
            #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
        }
    }

    @Test("a plan that names 2 queues of 50 reads 1 listing page of queues and the 2 member lists, nothing more")
    func requestCount() async throws {
        let path = try writeDesired(
            """
            call_queues:
              "8000":
                members: ["101"]
              "8049":
                members: ["101"]
            """)
        try await TestSimulator.with({
            $0.seedQueues = (0..<50).map {
                .init(
                    extension_number: "\(8000 + $0)", name: "Q\($0)", polling_strategy: "CYCLIC_HUNT", members: ["101"])
            }
        }) { simulator in
            await simulator.statistics.reset()
            let plan = try await CLI(simulator: simulator).run("plan", path, "--detailed-exitcode")
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            let requests = await simulator.statistics.current().requests
            #expect(
                requests == ["GET /api/call_queues": 1, "GET /api/call_queues/{id}/agents": 2], "\(requests)")
        }
    }

    @Test(
        "export --only call_queues,ring_groups writes every group's members with their levels, and a plan of it has no changes",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func exportThenPlan(semantics: ExclusiveAgents.SetSemantics) async throws {
        let out = TestPaths.temporaryDirectory() + "/members-export.yaml"
        try await withSeededPBX(semantics) { simulator, cli in
            let export = try await cli.run("export", "--only", "call_queues", "--only", "ring_groups", "--out", out)
            #expect(export.status == 0, "\(export.output)\(export.error)")
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text.contains(#"    members: ["101", "102", "103", "104"]"#), "\(text)")
            #expect(text.contains(#"    - {extension: "202", skill_level: 5}"#))
            #expect(!text.contains("exclusive_numbers"))
            #expect(try await cli.run("plan", out, "--detailed-exitcode").status == 0)

            // Exporting members alone cannot be split by number prefixes.
            let split = try await cli.run(
                "export", "--only", "call_queues", "--split-by-prefix", "2", "--out", out + ".d")
            #expect(split.status != 0)
            #expect(split.error.contains("cannot split call_queues or ring_groups alone"), "\(split.error)")
        }
    }

    @Test("removing most of a queue's members is refused (exit 4) and nothing is written, unless --force is given")
    func threshold() async throws {
        let path = try writeDesired(
            """
            call_queues:
              "8000":
                members: ["101"]
            """)
        try await withSeededPBX { simulator, cli in
            let plan = try await cli.run("plan", path)
            #expect(plan.status == 4, "\(plan.output)\(plan.error)")
            #expect(
                plan.error.contains(#"removing 3 of the 4 members of call queue "8000" (75 %)"#), "\(plan.error)")
            let refused = try await cli.run("apply", path, "--auto-approve")
            #expect(refused.status == 4)
            #expect(await heldMembers(simulator)["call_queues"]?["8000"]?.count == 4)
            let forced = try await cli.run("apply", path, "--auto-approve", "--force")
            #expect(forced.status == 0, "\(forced.output)\(forced.error)")
            #expect(await heldMembers(simulator)["call_queues"]?["8000"] == ["101:1"])
        }
    }

    @Test("validate counts the groups whose members the files give, with no server")
    func validate() async throws {
        let path = try writeDesired(Self.desired)
        let result = try await CommandRun.run(TestPaths.numsync, ["validate", path])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output == "1 file, 0 numbers, members of 2 call queues and 1 ring group, no problems\n")
    }
}
