import Foundation
import NumSyncCore
import PortSIPSimulator
import TestSupport
import Testing

/// One ring group, 7000, with a member at a skill level of its own.
let seededRingGroups = [
    SimulatorConfiguration.SeedRingGroup(
        extension_number: "7000", name: "Front desk", ring_strategy: "RING_ALL",
        members: ["101", .init(extension_number: "103", skill_level: 40)])
]

/// The id of the seeded call queue or ring group with `extension`.
func groupID(_ extension: String, in path: String, _ http: SimulatorHTTP) async throws -> String {
    let listed = try await http.get("/api/\(path)")
    return try #require(listed.items.first { $0["extension_number"] as? String == `extension` }?["id"] as? String)
}

/// `["101:1", "103:40"]`: members with their skill levels, as listed.
func members(_ reply: SimulatorHTTP.Reply) -> [String] {
    reply.items.map { "\($0["extension_number"] as? String ?? "?"):\($0["skill_level"] as? Int ?? 0)" }
}

@Suite("Simulator routes for call-queue and ring-group members")
struct MemberRoutesTests {
    @Test("ring groups are listed with count, one by one, and with their members and skill levels; read only")
    func ringGroups() async throws {
        try await withSimulator({ $0.seedRingGroups = seededRingGroups }) { _, http in
            let listed = try await http.get("/api/ring_groups")
            #expect(listed.object["count"] as? Int == 1)
            #expect(listed.items.map { $0["ring_strategy"] as? String } == ["RING_ALL"])
            let desk = try await groupID("7000", in: "ring_groups", http)
            #expect(try await http.get("/api/ring_groups/\(desk)").object["name"] as? String == "Front desk")
            let listedMembers = try await http.get("/api/ring_groups/\(desk)/agents")
            #expect(listedMembers.object["count"] == nil)
            #expect(members(listedMembers) == ["101:1", "103:40"])
            #expect(listedMembers.items.first?["display_name"] as? String == "Agent 101")
            #expect(try await http.get("/api/ring_groups/nope/agents").status == 404)
            let unknown = try await http.post("/api/ring_groups/nope/agents", #"{"items":[]}"#)
            #expect(unknown.status == 404)
            #expect(unknown.errorMessages.first == "ring group nope not found")
            #expect(try await http.post("/api/ring_groups", #"{"extension_number":"7010"}"#).status == 404)
        }
    }

    @Test(
        "setting members replaces them or adds to them, as configured, for call queues and ring groups alike",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add], ["call_queues", "ring_groups"])
    func setSemantics(semantics: ExclusiveAgents.SetSemantics, path: String) async throws {
        try await withSimulator({
            $0.seedQueues = seededQueues
            $0.seedRingGroups = seededRingGroups
            $0.agentsSet = semantics
        }) { simulator, http in
            let id = try await groupID(path == "call_queues" ? "8000" : "7000", in: path, http)
            let before = members(try await http.get("/api/\(path)/\(id)/agents"))
            let set = try await http.post(
                "/api/\(path)/\(id)/agents",
                #"{"items":[{"extension_number":"101","skill_level":80},{"extension_number":"104"}]}"#)
            #expect(set.status == 200)
            let after = members(try await http.get("/api/\(path)/\(id)/agents"))
            if semantics == .replace {
                #expect(after == ["101:80", "104:1"])
            } else {
                // Added: the others stay, 101 takes the level given, 104 joins at the end.
                #expect(after == before.map { $0 == "101:1" ? "101:80" : $0 } + ["104:1"])
            }
            // An empty set clears under replace and changes nothing under add.
            #expect(try await http.post("/api/\(path)/\(id)/agents", #"{"items":[]}"#).status == 200)
            #expect(members(try await http.get("/api/\(path)/\(id)/agents")) == (semantics == .replace ? [] : after))
            let statistics = await simulator.statistics.current()
            #expect(statistics.requests["POST /api/\(path)/{id}/agents"] == 2)
        }
    }

    @Test(
        "a malformed member is refused with PortSIP's error naming the item, and nothing changes",
        arguments: [
            (#"{"items":["101"]}"#, "items[0].extension_number must be an extension number"),
            (#"{"items":[{"extension_number":"10"}]}"#, "items[0].extension_number must be an extension number"),
            (#"{"items":[{"extension_number":"101","skill_level":0}]}"#, "items[0].skill_level must be an integer"),
            (#"{"items":[{"extension_number":"101","skill_level":101}]}"#, "items[0].skill_level must be an integer"),
            (#"{"items":[{"extension_number":"101","skill_level":1.5}]}"#, "items[0].skill_level must be an integer"),
            (#"{"items":[{"extension_number":"101","skill_level":"80"}]}"#, "items[0].skill_level must be an integer"),
            (#"{"members":[]}"#, "items must be an array"),
        ])
    func validation(body: String, message: String) async throws {
        try await withSimulator({ $0.seedQueues = seededQueues }) { _, http in
            let sales = try await groupID("8000", in: "call_queues", http)
            let refused = try await http.post("/api/call_queues/\(sales)/agents", body)
            #expect(refused.status == 400)
            #expect(refused.errorCodes == ["VALIDATE_FAILED"])
            #expect(refused.errorMessages.first?.contains(message) == true, "\(refused.errorMessages)")
            #expect(members(try await http.get("/api/call_queues/\(sales)/agents")) == ["101:1", "102:1", "103:1"])
        }
    }

    @Test("--data keeps members with their skill levels, and reads the first format's members at level 1")
    func persistence() async throws {
        let directory = TestPaths.temporaryDirectory()
        let data = directory + "/sim.json"
        try await TestSimulator.with({
            $0.dataFile = data
            $0.seedQueues = seededQueues
            $0.seedRingGroups = seededRingGroups
        }) { simulator in
            try await SimulatorHTTP.with(simulator) { http in
                let desk = try await groupID("7000", in: "ring_groups", http)
                _ = try await http.post(
                    "/api/ring_groups/\(desk)/agents", #"{"items":[{"extension_number":"105","skill_level":9}]}"#)
            }
        }
        try await TestSimulator.with({ $0.dataFile = data }) { simulator in
            try await SimulatorHTTP.with(simulator) { http in
                let desk = try await groupID("7000", in: "ring_groups", http)
                #expect(members(try await http.get("/api/ring_groups/\(desk)/agents")) == ["105:9"])
                let sales = try await groupID("8000", in: "call_queues", http)
                #expect(members(try await http.get("/api/call_queues/\(sales)/agents")) == ["101:1", "102:1", "103:1"])
            }
        }
        // A file written before skill levels: queue id → extension numbers.
        let old = directory + "/old.exclusive_agents.json"
        try #"{"format":"numsync-sim/agents-1","members":{"Q1":["101","102"]},"agents":{}}"#.write(
            toFile: old, atomically: true, encoding: .utf8)
        let agents = try ExclusiveAgents(dataFile: old)
        #expect(await agents.members(in: .callQueues, of: "Q1").map(\.skill_level) == [1, 1])
        #expect(await agents.members(of: "Q1") == ["101", "102"])
    }

    @Test("a seed file names members as text or with a skill level, and ring groups beside queues")
    func seedFile() throws {
        let path = TestPaths.temporaryDirectory() + "/queues.json"
        try #"""
        {"queues": [{"extension_number": "8000", "name": "Sales", "polling_strategy": "PRIORITIZED_HUNT",
                     "members": ["101", {"extension_number": "102", "skill_level": 80}]}],
         "ring_groups": [{"extension_number": "7000", "name": "Desk", "ring_strategy": "RING_ALL", "members": []}]}
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        let seed = try SimulatorConfiguration.seed(from: path)
        #expect(seed.queues.first?.members.map(\.skill_level) == [1, 80])
        #expect(seed.ringGroups.map(\.extension_number) == ["7000"])
        // The examples' file, without ring groups, still reads.
        #expect(try SimulatorConfiguration.seed(from: TestPaths.package + "/examples/queues.json").ringGroups.isEmpty)
    }
}
