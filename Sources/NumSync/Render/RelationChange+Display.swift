import NumSyncCore

// How a change of a relation reads in every rendering: its subject, and its items with their
// skill levels where the relation's value has levels.

extension RelationChange {
    /// What the change is about, after its symbol: `agents "+1…" queue 8000`, `members "8000"`.
    func subject(of number: String) -> String {
        switch relation.value {
        case .extensions: "agents \(number.quotedForDisplay) queue \(target ?? "")"
        case .members: "members \(number.quotedForDisplay)"
        }
    }

    /// An item as shown: `"101"`, and for a member whose skill level is not the default
    /// `"101" (skill 80)`.
    static func shown(
        _ item: String, levels: [String: Int], of relation: Relation, quote: (String) -> String = \.quotedForDisplay
    ) -> String {
        guard relation.value == .members, let level = levels[item], level != Member.defaultSkillLevel else {
            return quote(item)
        }
        return quote(item) + " (skill \(level))"
    }

    /// The items held, as shown.
    func shownBefore(quote: (String) -> String = \.quotedForDisplay) -> [String] {
        before.map { Self.shown($0, levels: levelsBefore, of: relation, quote: quote) }
    }

    /// The items wanted, as shown.
    func shownAfter(quote: (String) -> String = \.quotedForDisplay) -> [String] {
        after.map { Self.shown($0, levels: levelsAfter, of: relation, quote: quote) }
    }

    /// The items added, as shown, then the skill levels changed: `"103" skill 1 → 80`.
    func shownAdditions(quote: (String) -> String = \.quotedForDisplay) -> [String] {
        added.map { Self.shown($0, levels: levelsAfter, of: relation, quote: quote) }
            + relevelled.map { "\(quote($0)) skill \(levelsBefore[$0] ?? 0) → \(levelsAfter[$0] ?? 0)" }
    }

    /// `+ "103"`, `- "101"`, `~ "102" skill 1 → 80`: what the change does, item by item.
    func moves() -> [String] {
        added.map { "+ " + Self.shown($0, levels: levelsAfter, of: relation) }
            + removed.map { "- \($0.quotedForDisplay)" }
            + relevelled.map { "~ \($0.quotedForDisplay) skill \(levelsBefore[$0] ?? 0) → \(levelsAfter[$0] ?? 0)" }
    }
}

extension Relation {
    /// The relation's name at the start of a sentence: `Exclusive agents`, `Members`.
    var capitalizedName: String { name.prefix(1).uppercased() + name.dropFirst() }
}
