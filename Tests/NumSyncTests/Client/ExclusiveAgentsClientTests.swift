import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Client: call queues and exclusive agents")
struct ExclusiveAgentsClientTests {
    static let queues = [
        SimulatorConfiguration.SeedQueue(
            extension_number: "8000", name: "Sales", polling_strategy: "PRIORITIZED_HUNT", members: ["101", "102"]),
        SimulatorConfiguration.SeedQueue(
            extension_number: "8010", name: "Support", polling_strategy: "RING_SIMULTANEOUSLY", members: []),
    ]

    @Test("queues are read by extension number with their name and ring strategy, and their members")
    func queuesAndMembers() async throws {
        try await TestSimulator.with({ $0.seedQueues = Self.queues }) { simulator in
            try await withClient(simulator) { client in
                let queues = try await client.callQueues()
                #expect(queues.map(\.key) == ["8000", "8010"])
                let strategy = try #require(PortSIPList.callQueues.field(named: "polling_strategy"))
                #expect(queues.map { $0[strategy] } == [.string("PRIORITIZED_HUNT"), .string("RING_SIMULTANEOUSLY")])
                #expect(
                    try await client.members(of: queues[0].id, in: .callQueues).map(\.extensionNumber) == [
                        "101", "102",
                    ])
                #expect(try await client.members(of: queues[1].id, in: .callQueues).map(\.extensionNumber) == [])
            }
        }
    }

    @Test(
        "agents are set, read back, listed by queue and cleared, under either meaning of set",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func setReadClear(semantics: ExclusiveAgents.SetSemantics) async throws {
        try await TestSimulator.with({
            $0.seedQueues = Self.queues
            $0.agentsSet = semantics
        }) { simulator in
            try await withClient(simulator) { client in
                let number = try await client.create([.init(.number, .string("+14155550100"))], in: .exclusiveNumbers)
                let sales = try await client.callQueues()[0].id
                _ = try await client.write(APIRequest(.set(["101"]), of: Self.change(in: sales), owner: number))
                _ = try await client.write(APIRequest(.set(["102"]), of: Self.change(in: sales), owner: number))
                let agents = try await client.value(of: .exclusiveAgents, owner: number, target: sales).map(
                    \.extensionNumber)
                #expect(agents == (semantics == .replace ? ["102"] : ["101", "102"]))
                #expect(try await client.targets(of: .exclusiveAgents, owner: number) == [sales])
                _ = try await client.write(APIRequest(.clear, of: Self.change(in: sales), owner: number))
                #expect(try await client.value(of: .exclusiveAgents, owner: number, target: sales) == [])
                #expect(try await client.targets(of: .exclusiveAgents, owner: number) == [])
            }
        }
    }

    @Test("an unknown queue is an error that names the request and PortSIP's message")
    func unknownQueue() async throws {
        try await TestSimulator.with { simulator in
            try await withClient(simulator) { client in
                let number = try await client.create([.init(.number, .string("+1"))], in: .exclusiveNumbers)
                await #expect {
                    _ = try await client.write(APIRequest(.set(["101"]), of: Self.change(in: "nope"), owner: number))
                } throws: { error in
                    let text = "\(error)"
                    return text.contains("POST /api/exclusive_numbers/\(number)/call_queues/nope/agents")
                        && text.contains("404") && text.contains("call queue nope not found")
                }
            }
        }
    }

    @Test("a dry-run shows the set with the agents as JSON strings")
    func requestsAreExact() {
        let set = APIRequest(.set(["101", "102"]), of: Self.change(in: "Q/1"), owner: "N1")
        #expect(set.method == "POST")
        #expect(set.path == "/exclusive_numbers/N1/call_queues/Q%2F1/agents")
        #expect(set.body == #"{"items":["101","102"]}"#)
        #expect(
            APIRequest(.clear, of: Self.change(in: "Q1"), owner: "N1").path
                == "/exclusive_numbers/N1/call_queues/Q1/destroy")
    }

    /// A change of exclusive agents in the queue with id `queueID`; what each step sends is given
    /// to `APIRequest` on its own.
    static func change(in queueID: String) -> RelationChange {
        RelationChange(relation: .exclusiveAgents, target: "8000", targetID: queueID, before: [], after: [])
    }
}
