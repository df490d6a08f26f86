/// What a change of a relation does: the value one record holds at one target, before and
/// after (a number's exclusive agents in one queue). It is the `relation` scope of a `Change`.
public struct RelationChange: Sendable, Hashable {
    /// The relation.
    public var relation: Relation
    /// The target's key, as files name it (a queue's extension number).
    public var target: String
    /// The target's server id.
    public var targetID: String
    /// The value the record holds at the target, sorted.
    public var before: [String]
    /// The value the files want, sorted.
    public var after: [String]

    /// Creates a change; the values are sorted.
    public init(relation: Relation, target: String, targetID: String, before: [String], after: [String]) {
        self.relation = relation
        self.target = target
        self.targetID = targetID
        self.before = before.sorted(by: { $0.precedesByBytes($1) })
        self.after = after.sorted(by: { $0.precedesByBytes($1) })
    }

    /// Items to add.
    public var added: [String] { after.filter { !before.contains($0) } }
    /// Items to remove.
    public var removed: [String] { before.filter { !after.contains($0) } }

    /// The requests sent first: the wanted set, or a clear when none are wanted. Sending the
    /// wanted set first never leaves the record without a value where PortSIP's "set" replaces
    /// it; where it adds, `followUp(held:)` says what else to send once the value is read back.
    public var steps: [Step] {
        after.isEmpty ? [.clear] : [.set(after)]
    }

    /// What to send after `steps` when the PBX, read back, holds `held`: a clear and the set
    /// again when it kept items that must go (its "set" adds); nothing otherwise. Items that
    /// are missing are not sent again: the PBX did not take them, and that is reported.
    public func followUp(held: [String]) -> [Step] {
        let wanted = Set(after.map(ExactText.init))
        let holding = Set(held.map(ExactText.init))
        guard !wanted.isEmpty, holding.isStrictSuperset(of: wanted) else { return [] }
        return [.clear, .set(after)]
    }

    /// Whether a change may need `followUp`: it removes items, which a "set" that adds keeps.
    public var mayNeedFollowUp: Bool { !after.isEmpty && !removed.isEmpty }

    /// One request of a relation change.
    public enum Step: Sendable, Hashable {
        /// Remove the whole value.
        case clear
        /// Send this set.
        case set([String])
    }
}
