import FileWriting
import Foundation
import NumSyncCore

/// The exclusive agents of each exclusive number in each call queue, and the members of call
/// queues and ring groups: what `GET/POST /api/exclusive_numbers/{id}/call_queues/...`,
/// `GET/POST /api/call_queues/{id}/agents` and `GET/POST /api/ring_groups/{id}/agents` read and
/// write. Persisted beside `--data` when asked.
public actor ExclusiveAgents {
    /// Whether a set (of a number's agents in a queue, of a queue's or ring group's members)
    /// replaces what is there or adds to it: PortSIP does not say, so the simulator serves both.
    public enum SetSemantics: String, Sendable, CaseIterable {
        /// The set given becomes the value (an empty set clears it).
        case replace
        /// The set given is added to the value (a member given again takes the skill level given).
        case add
    }

    /// A member of a call queue or ring group.
    public struct Member: Codable, Sendable, Hashable {
        /// The agent's extension number.
        public var extension_number: String
        /// 1 to 100; meaningful only for skill-based strategies.
        public var skill_level: Int

        /// Creates a member.
        public init(extension_number: String, skill_level: Int = 1) {
            self.extension_number = extension_number
            self.skill_level = skill_level
        }
    }

    /// A problem loading the data file.
    public struct DataFileError: Error, CustomStringConvertible {
        /// What went wrong, with the path.
        public var description: String
    }

    private struct DataFile: Codable {
        var format: String
        /// `call_queues/ID` or `ring_groups/ID` → its members, in order.
        var members: [String: [Member]]
        /// Number id → queue id → its exclusive agents' extension numbers, in order.
        var agents: [String: [String: [String]]]
    }

    /// The first format: queue id → its members' extension numbers (each at skill level 1).
    private struct DataFileVersion1: Codable {
        var format: String
        var members: [String: [String]]
        var agents: [String: [String: [String]]]
    }

    static let format = "numsync-sim/agents-2"
    static let formatVersion1 = "numsync-sim/agents-1"

    /// How a set is applied.
    public nonisolated let semantics: SetSemantics
    private var members: [String: [Member]] = [:]
    private var agents: [String: [String: [String]]] = [:]
    private let dataFile: String?
    private var dirty = false

    /// Opens the store, loading `dataFile` if it exists. A corrupt file is an error.
    public init(semantics: SetSemantics = .replace, dataFile: String?) throws {
        self.semantics = semantics
        self.dataFile = dataFile
        guard let dataFile, FileManager.default.fileExists(atPath: dataFile) else { return }
        let data = FileManager.default.contents(atPath: dataFile)
        if let data, let file = try? JSONDecoder().decode(DataFile.self, from: data), file.format == Self.format {
            members = file.members
            agents = file.agents
        } else if let data, let file = try? JSONDecoder().decode(DataFileVersion1.self, from: data),
            file.format == Self.formatVersion1
        {
            for (queueID, extensions) in file.members {
                members[Self.key(PortSIPList.callQueues, queueID)] = extensions.map {
                    Member(extension_number: $0)
                }
            }
            agents = file.agents
            dirty = true
        } else {
            throw DataFileError(description: "\(dataFile) is not a numsync-sim agents file; move it away or fix it")
        }
    }

    private static func key(_ list: PortSIPList, _ id: String) -> String {
        list.key + "/" + id
    }

    /// The members of a queue (extension numbers), in order.
    public func members(of queueID: String) -> [String] {
        members(in: .callQueues, of: queueID).map(\.extension_number)
    }

    /// The members of a call queue or ring group, in order.
    public func members(in list: PortSIPList, of id: String) -> [Member] {
        members[Self.key(list, id)] ?? []
    }

    /// Makes `given` the members of a call queue or ring group exactly (for seeding).
    public func seedMembers(_ given: [Member], in list: PortSIPList, of id: String) {
        members[Self.key(list, id)] = given
        dirty = true
    }

    /// Sets the members of a call queue or ring group, by `semantics`; a member named twice
    /// takes the last skill level given.
    public func setMembers(_ given: [Member], in list: PortSIPList, of id: String) {
        var current = semantics == .replace ? [] : members(in: list, of: id)
        for member in given {
            if let index = current.firstIndex(where: { $0.extension_number == member.extension_number }) {
                current[index].skill_level = member.skill_level
            } else {
                current.append(member)
            }
        }
        members[Self.key(list, id)] = current.isEmpty ? nil : current
        dirty = true
    }

    /// The queues (ids) in which a number has exclusive agents, in no order.
    public func queues(of numberID: String) -> [String] {
        (agents[numberID] ?? [:]).filter { !$0.value.isEmpty }.map(\.key)
    }

    /// A number's exclusive agents in a queue.
    public func agents(of numberID: String, in queueID: String) -> [String] {
        agents[numberID]?[queueID] ?? []
    }

    /// Sets a number's agents in a queue, by `semantics`.
    public func set(_ extensions: [String], of numberID: String, in queueID: String) {
        var current = agents[numberID]?[queueID] ?? []
        switch semantics {
        case .replace:
            current = []
            for agent in extensions where !current.contains(agent) { current.append(agent) }
        case .add:
            for agent in extensions where !current.contains(agent) { current.append(agent) }
        }
        agents[numberID, default: [:]][queueID] = current
        if current.isEmpty { agents[numberID]?[queueID] = nil }
        dirty = true
    }

    /// Removes all of a number's agents in a queue.
    public func clear(_ numberID: String, in queueID: String) {
        agents[numberID]?[queueID] = nil
        dirty = true
    }

    /// Forgets a number's agents everywhere (its record was destroyed).
    public func forget(_ numberID: String) {
        guard agents.removeValue(forKey: numberID) != nil else { return }
        dirty = true
    }

    /// Writes the data file if anything changed since the last write, atomically.
    public func flush() throws {
        guard let dataFile, dirty else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(DataFile(format: Self.format, members: members, agents: agents))
        do {
            try AtomicFile.write([UInt8](data), to: dataFile, overwrite: true)
        } catch {
            throw DataFileError(description: error.description)
        }
        dirty = false
    }
}
