import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

/// Two queues: 8000 (Sales, hunts: exclusive agents apply) and 8010 (Support, PortSIP's default
/// ring strategy, which ignores them).
let seededQueues = [
    SimulatorConfiguration.SeedQueue(
        extension_number: "8000", name: "Sales", polling_strategy: "PRIORITIZED_HUNT", members: ["101", "102", "103"]),
    SimulatorConfiguration.SeedQueue(
        extension_number: "8010", name: "Support", polling_strategy: CallQueueStrategy.ringSimultaneously,
        members: ["201"]),
]

/// The id of the seeded queue with `extension`.
func queueID(_ extension: String, _ http: SimulatorHTTP) async throws -> String {
    let listed = try await http.get("/api/call_queues")
    return try #require(listed.items.first { $0["extension_number"] as? String == `extension` }?["id"] as? String)
}

@Suite("Simulator routes for exclusive agents")
struct ExclusiveAgentRoutesTests {
    @Test("call queues are listed with count, one by one, and with their members (unpaged, no count)")
    func queuesAndMembers() async throws {
        try await withSimulator({ $0.seedQueues = seededQueues }) { _, http in
            let listed = try await http.get("/api/call_queues")
            #expect(listed.object["count"] as? Int == 2)
            #expect(listed.items.map { $0["extension_number"] as? String } == ["8000", "8010"])
            #expect(
                listed.items.map { $0["polling_strategy"] as? String } == ["PRIORITIZED_HUNT", "RING_SIMULTANEOUSLY"])
            let sales = try await queueID("8000", http)
            #expect(try await http.get("/api/call_queues/\(sales)").object["name"] as? String == "Sales")
            let members = try await http.get("/api/call_queues/\(sales)/agents")
            #expect(members.object["count"] == nil)
            #expect(members.items.map { $0["extension_number"] as? String } == ["101", "102", "103"])
            #expect(try await http.get("/api/call_queues/nope/agents").status == 404)
            // Queues are read only over the API.
            #expect(try await http.post("/api/call_queues", #"{"extension_number":"8020"}"#).status == 404)
        }
    }

    @Test(
        "setting agents replaces them or adds to them, as configured; destroy clears them",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func setSemantics(semantics: ExclusiveAgents.SetSemantics) async throws {
        try await withSimulator({
            $0.seedQueues = seededQueues
            $0.agentsSet = semantics
        }) { _, http in
            let number = try await http.create("+14155550100")
            let sales = try await queueID("8000", http)
            let base = "/api/exclusive_numbers/\(number)/call_queues"
            #expect(try await http.get(base).items.isEmpty)
            #expect(try await http.post("\(base)/\(sales)/agents", #"{"items":["101","102"]}"#).status == 200)
            #expect(try await http.post("\(base)/\(sales)/agents", #"{"items":["103"]}"#).status == 200)
            let agents = try await http.get("\(base)/\(sales)/agents").items.map { $0["extension_number"] as? String }
            #expect(agents == (semantics == .replace ? ["103"] : ["101", "102", "103"]))
            #expect(try await http.get(base).items.map { $0["extension_number"] as? String } == ["8000"])
            #expect(try await http.post("\(base)/\(sales)/destroy").status == 204)
            #expect(try await http.get("\(base)/\(sales)/agents").items.isEmpty)
            #expect(try await http.get(base).items.isEmpty)
        }
    }

    @Test("an unknown number or queue is 404, a malformed extension 400; a non-member is accepted")
    func validation() async throws {
        try await withSimulator({ $0.seedQueues = seededQueues }) { _, http in
            let number = try await http.create("+14155550100")
            let sales = try await queueID("8000", http)
            let base = "/api/exclusive_numbers/\(number)/call_queues"
            #expect(
                try await http.post("/api/exclusive_numbers/nope/call_queues/\(sales)/agents", #"{"items":[]}"#).status
                    == 404)
            #expect(try await http.post("\(base)/nope/agents", #"{"items":["101"]}"#).status == 404)
            #expect(try await http.get("\(base)/nope/agents").status == 404)
            let malformed = try await http.post("\(base)/\(sales)/agents", #"{"items":["10","abc",101]}"#)
            #expect(malformed.status == 400)
            #expect(malformed.errorMessages.first?.contains("items[0] must be an extension number") == true)
            // Whether PortSIP refuses a non-member is not documented: the simulator takes it.
            #expect(try await http.post("\(base)/\(sales)/agents", #"{"items":["999"]}"#).status == 200)
        }
    }

    @Test("destroying a number forgets its agents; --data keeps queues, members and agents")
    func persistence() async throws {
        let data = TestPaths.temporaryDirectory() + "/sim.json"
        var numberID = ""
        try await TestSimulator.with({
            $0.dataFile = data
            $0.seedQueues = seededQueues
        }) { simulator in
            try await SimulatorHTTP.with(simulator) { http in
                numberID = try await http.create("+1")
                let doomed = try await http.create("+2")
                let sales = try await queueID("8000", http)
                _ = try await http.post(
                    "/api/exclusive_numbers/\(numberID)/call_queues/\(sales)/agents", #"{"items":["102"]}"#)
                _ = try await http.post(
                    "/api/exclusive_numbers/\(doomed)/call_queues/\(sales)/agents", #"{"items":["101"]}"#)
                #expect(try await http.post("/api/exclusive_numbers/\(doomed)/destroy").status == 204)
                #expect(await simulator.agents.queues(of: doomed).isEmpty)
            }
        }
        // Restarted with other seed queues: the kept ones win.
        try await TestSimulator.with({
            $0.dataFile = data
            $0.seedQueues = [
                .init(extension_number: "9000", name: "Other", polling_strategy: "CYCLIC_HUNT", members: [])
            ]
        }) { simulator in
            try await SimulatorHTTP.with(simulator) { http in
                let sales = try await queueID("8000", http)
                #expect(try await http.get("/api/call_queues").items.count == 2)
                #expect(try await http.get("/api/call_queues/\(sales)/agents").items.count == 3)
                let agents = try await http.get("/api/exclusive_numbers/\(numberID)/call_queues/\(sales)/agents")
                #expect(agents.items.map { $0["extension_number"] as? String } == ["102"])
            }
        }
    }
}
