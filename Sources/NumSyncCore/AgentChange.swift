/// A change to one exclusive number's agents in one queue: the agents it has and the agents the
/// files want, as sets.
public struct AgentChange: Sendable, Hashable {
    /// The exclusive number.
    public var number: String
    /// The number's server id; nil when the plan creates the number (the apply fills it in).
    public var numberID: String?
    /// The queue's extension number.
    public var queue: String
    /// The queue's server id.
    public var queueID: String
    /// The agents the number has in the queue, sorted.
    public var before: [String]
    /// The agents the files want, sorted.
    public var after: [String]
    /// Where the queue is written; for a queue the file no longer lists, where `queues` is.
    public var source: SourceLocation

    /// Creates a change; the sets are sorted.
    public init(
        number: String, numberID: String?, queue: String, queueID: String, before: [String], after: [String],
        source: SourceLocation
    ) {
        self.number = number
        self.numberID = numberID
        self.queue = queue
        self.queueID = queueID
        self.before = before.sorted(by: { $0.precedesByBytes($1) })
        self.after = after.sorted(by: { $0.precedesByBytes($1) })
        self.source = source
    }

    /// Agents to add.
    public var added: [String] { after.filter { !before.contains($0) } }
    /// Agents to remove.
    public var removed: [String] { before.filter { !after.contains($0) } }

    /// The requests sent first: the wanted set, or a clear when none are wanted. Sending the
    /// wanted set first never leaves the number without agents where PortSIP's "set" replaces
    /// them; where it adds, `followUp(held:)` says what else to send once the agents are read back.
    public var steps: [Step] {
        after.isEmpty ? [.clear] : [.set(after)]
    }

    /// What to send after `steps` when the PBX, read back, holds `held`: a clear and the set
    /// again when it kept agents that must go (its "set" adds); nothing otherwise. Agents that
    /// are missing are not sent again: the PBX did not take them, and that is reported.
    public func followUp(held: [String]) -> [Step] {
        let wanted = Set(after.map(ExactText.init))
        let holding = Set(held.map(ExactText.init))
        guard !wanted.isEmpty, holding.isStrictSuperset(of: wanted) else { return [] }
        return [.clear, .set(after)]
    }

    /// Whether a change may need `followUp`: it removes agents, which a "set" that adds keeps.
    public var mayNeedFollowUp: Bool { !after.isEmpty && !removed.isEmpty }

    /// One request of an agent change.
    public enum Step: Sendable, Hashable {
        /// Remove all of the number's agents in the queue.
        case clear
        /// Send this set.
        case set([String])
    }

    /// Deterministic order: number, then queue (texts in UTF-8 byte order).
    public static func precedes(_ lhs: AgentChange, _ rhs: AgentChange) -> Bool {
        if !lhs.number.isByteEqual(to: rhs.number) { return lhs.number.precedesByBytes(rhs.number) }
        return lhs.queue.precedesByBytes(rhs.queue)
    }
}
