import Foundation
import NumSyncCore
import PortSIPSimulator
import TestSupport
import Testing

@testable import NumSync

@Suite("Client: ring groups and the members of call queues and ring groups")
struct MembersClientTests {
    static let queues = [
        SimulatorConfiguration.SeedQueue(
            extension_number: "8000", name: "Sales", polling_strategy: "SKILL_BASED_ROUTING_PRIORITIZED_HUNT",
            members: ["101", .init(extension_number: "102", skill_level: 80)])
    ]
    static let ringGroups = [
        SimulatorConfiguration.SeedRingGroup(
            extension_number: "7000", name: "Front desk", ring_strategy: "RING_ALL", members: ["101"])
    ]

    @Test("ring groups are listed by extension number with their strategy, and members are read with skill levels")
    func read() async throws {
        try await TestSimulator.with({
            $0.seedQueues = Self.queues
            $0.seedRingGroups = Self.ringGroups
        }) { simulator in
            try await withClient(simulator) { client in
                let groups = try await client.ringGroups()
                #expect(groups.map(\.key) == ["7000"])
                let strategy = try #require(PortSIPList.ringGroups.field(named: "ring_strategy"))
                #expect(groups.map { $0[strategy] } == [.string("RING_ALL")])
                let sales = try await client.callQueues()[0].id
                #expect(
                    try await client.members(of: sales, in: .callQueues) == [
                        Member(extensionNumber: "101"), Member(extensionNumber: "102", skillLevel: 80),
                    ])
                #expect(try await client.members(of: sales, in: .callQueues).map(\.extensionNumber) == ["101", "102"])
                #expect(try await client.members(of: groups[0].id, in: .ringGroups) == [Member(extensionNumber: "101")])
            }
        }
    }

    @Test(
        "members are set with their skill levels and read back, under either meaning of set",
        arguments: [ExclusiveAgents.SetSemantics.replace, .add])
    func set(semantics: ExclusiveAgents.SetSemantics) async throws {
        try await TestSimulator.with({
            $0.seedRingGroups = Self.ringGroups
            $0.agentsSet = semantics
        }) { simulator in
            try await withClient(simulator) { client in
                let desk = try await client.ringGroups()[0].id
                let wanted = [Member(extensionNumber: "103", skillLevel: 100)]
                _ = try await client.write(APIRequest.setMembers(wanted, of: desk, in: .ringGroups))
                let held = try await client.members(of: desk, in: .ringGroups)
                #expect(held == (semantics == .replace ? wanted : [Member(extensionNumber: "101")] + wanted))
            }
        }
    }

    @Test("the request carries every member as an object, the id escaped; an unknown group names the request")
    func requests() async throws {
        let request = APIRequest.setMembers(
            [Member(extensionNumber: "101"), Member(extensionNumber: "102", skillLevel: 80)], of: "Q/1", in: .callQueues
        )
        #expect(request.method == "POST")
        #expect(request.path == "/call_queues/Q%2F1/agents")
        #expect(
            request.body
                == #"{"items":[{"extension_number":"101","skill_level":1},{"extension_number":"102","skill_level":80}]}"#
        )
        try await TestSimulator.with { simulator in
            try await withClient(simulator) { client in
                await #expect {
                    _ = try await client.write(APIRequest.setMembers([], of: "nope", in: .ringGroups))
                } throws: { error in
                    let text = "\(error)"
                    return text.contains("POST /api/ring_groups/nope/agents") && text.contains("404")
                        && text.contains("ring group nope not found")
                }
            }
        }
    }
}

@Suite("Reading members as PortSIP may send them")
struct MemberDecodingTests {
    @Test(
        "a skill level may be missing, null, a number or a number as text; anything else is refused",
        arguments: [
            (#"{"extension_number":"101"}"#, 1 as Int?),
            (#"{"extension_number":"101","skill_level":null}"#, 1),
            (#"{"extension_number":"101","skill_level":80}"#, 80),
            (#"{"extension_number":"101","skill_level":"80"}"#, 80),
            (#"{"extension_number":"101","display_name":"Ann","skill_level":5}"#, 5),
            (#"{"extension_number":"101","skill_level":"high"}"#, nil),
            (#"{"extension_number":"101","skill_level":1.5}"#, nil),
            (#"{"skill_level":1}"#, nil),
        ])
    func skillLevels(item: String, level: Int?) throws {
        let data = Data(#"{"items":["#.utf8) + Data(item.utf8) + Data("]}".utf8)
        let decoded = try? JSONDecoder().decode(Wire.Items<Wire.Member>.self, from: data)
        #expect(decoded?.items.map { $0.skill_level ?? Member.defaultSkillLevel } == level.map { [$0] })
    }
}
