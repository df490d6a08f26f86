/// What a change of a relation does: the value one record holds, at one target where the
/// relation has targets, before and after (a number's exclusive agents in one queue; a queue's
/// members). It is the `relation` scope of a `Change`.
public struct RelationChange: Sendable, Hashable {
    /// The relation.
    public var relation: Relation
    /// The target's key, as files name it (a queue's extension number); nil when the relation
    /// has no targets (a queue's members hang off the queue itself).
    public var target: String?
    /// The target's server id; nil when the relation has no targets.
    public var targetID: String?
    /// The items the record holds (extension numbers), sorted.
    public var before: [String]
    /// The items the files want, sorted.
    public var after: [String]
    /// The skill level of each item held, where the relation's value has levels (members).
    public var levelsBefore: [String: Int]
    /// The skill level of each item wanted, where the relation's value has levels (members).
    public var levelsAfter: [String: Int]

    /// Creates a change; the items are sorted.
    public init(
        relation: Relation, target: String?, targetID: String?, before: [String], after: [String],
        levelsBefore: [String: Int] = [:], levelsAfter: [String: Int] = [:]
    ) {
        self.relation = relation
        self.target = target
        self.targetID = targetID
        self.before = before.sorted(by: { $0.precedesByBytes($1) })
        self.after = after.sorted(by: { $0.precedesByBytes($1) })
        self.levelsBefore = levelsBefore
        self.levelsAfter = levelsAfter
    }

    /// A change of members: from those held to those wanted, with their skill levels.
    public init(relation: Relation, from held: [Member], to wanted: [Member]) {
        self.init(
            relation: relation, target: nil, targetID: nil, before: held.map(\.extensionNumber),
            after: wanted.map(\.extensionNumber), levelsBefore: Member.levels(of: held),
            levelsAfter: Member.levels(of: wanted))
    }

    /// Items to add.
    public var added: [String] { after.filter { !before.contains($0) } }
    /// Items to remove.
    public var removed: [String] { before.filter { !after.contains($0) } }
    /// Items kept whose skill level changes, sorted.
    public var relevelled: [String] {
        after.filter { before.contains($0) && levelsBefore[$0] != levelsAfter[$0] }
    }
    /// The items wanted, with their skill levels (the default level where the value has none).
    public var wantedMembers: [Member] {
        after.map { Member(extensionNumber: $0, skillLevel: levelsAfter[$0] ?? Member.defaultSkillLevel) }
    }

    /// Whether this change's items (and levels, where the value has them) are those `other`
    /// was made from (its `before`).
    public func sameItems(asBefore other: RelationChange) -> Bool {
        guard Set(before.map(ExactText.init)) == Set(other.before.map(ExactText.init)) else { return false }
        return relation.value != .members || levelsBefore == other.levelsBefore
    }

    /// Whether the change changes anything: items added or removed, or a level changed.
    public var changesSomething: Bool { !added.isEmpty || !removed.isEmpty || !relevelled.isEmpty }

    /// Whether `held`, read back from the PBX, is what the change wants: the same items, and
    /// the same levels where the value has levels.
    public func isMet(by held: [Member]) -> Bool {
        guard Set(held.map { ExactText($0.extensionNumber) }) == Set(after.map(ExactText.init)) else { return false }
        guard relation.value == .members else { return true }
        return held.allSatisfy { $0.skillLevel == levelsAfter[$0.extensionNumber] }
    }

    /// The requests sent first: the wanted set, or a clear when none are wanted and the relation
    /// can be cleared. Sending the wanted set first never leaves the record without a value
    /// where PortSIP's "set" replaces it; where it adds, `followUp(held:)` says what else to
    /// send once the value is read back.
    public var steps: [Step] {
        after.isEmpty && relation.clearPath != nil ? [.clear] : [.set(after)]
    }

    /// What to send after `steps` when the PBX, read back, holds `held`: a clear and the set
    /// again when it kept items that must go (its "set" adds) and the relation can be cleared;
    /// nothing otherwise. Items that are missing are not sent again: the PBX did not take them,
    /// and that is reported.
    public func followUp(held: [String]) -> [Step] {
        let wanted = Set(after.map(ExactText.init))
        let holding = Set(held.map(ExactText.init))
        guard relation.clearPath != nil, !wanted.isEmpty, holding.isStrictSuperset(of: wanted) else { return [] }
        return [.clear, .set(after)]
    }

    /// Whether a change may need `followUp`: it removes items, which a "set" that adds keeps.
    public var mayNeedFollowUp: Bool { relation.clearPath != nil && !after.isEmpty && !removed.isEmpty }

    /// One request of a relation change.
    public enum Step: Sendable, Hashable {
        /// Remove the whole value.
        case clear
        /// Send this set.
        case set([String])
    }
}
