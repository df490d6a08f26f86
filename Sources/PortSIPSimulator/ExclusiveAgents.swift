import FileWriting
import Foundation

/// The exclusive agents of each exclusive number in each call queue, and the queues' members:
/// what `GET/POST /api/exclusive_numbers/{id}/call_queues/...` and `GET /api/call_queues/{id}/agents`
/// read and write. Persisted beside `--data` when asked.
public actor ExclusiveAgents {
    /// Whether setting a number's agents in a queue replaces them or adds to them: PortSIP does
    /// not say, so the simulator serves both.
    public enum SetSemantics: String, Sendable, CaseIterable {
        /// The set given becomes the number's agents in the queue (an empty set clears them).
        case replace
        /// The set given is added to the agents the number has.
        case add
    }

    /// A problem loading the data file.
    public struct DataFileError: Error, CustomStringConvertible {
        /// What went wrong, with the path.
        public var description: String
    }

    private struct DataFile: Codable {
        var format: String
        /// Queue id → its members' extension numbers, in order.
        var members: [String: [String]]
        /// Number id → queue id → its exclusive agents' extension numbers, in order.
        var agents: [String: [String: [String]]]
    }

    static let format = "numsync-sim/agents-1"

    /// How a set is applied.
    public nonisolated let semantics: SetSemantics
    private var members: [String: [String]] = [:]
    private var agents: [String: [String: [String]]] = [:]
    private let dataFile: String?
    private var dirty = false

    /// Opens the store, loading `dataFile` if it exists. A corrupt file is an error.
    public init(semantics: SetSemantics = .replace, dataFile: String?) throws {
        self.semantics = semantics
        self.dataFile = dataFile
        guard let dataFile, FileManager.default.fileExists(atPath: dataFile) else { return }
        guard let data = FileManager.default.contents(atPath: dataFile),
            let file = try? JSONDecoder().decode(DataFile.self, from: data), file.format == Self.format
        else {
            throw DataFileError(description: "\(dataFile) is not a numsync-sim agents file; move it away or fix it")
        }
        members = file.members
        agents = file.agents
    }

    /// The members of a queue (extension numbers), in order.
    public func members(of queueID: String) -> [String] {
        members[queueID] ?? []
    }

    /// Sets the members of a queue (for seeding).
    public func setMembers(_ extensions: [String], of queueID: String) {
        members[queueID] = extensions
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
