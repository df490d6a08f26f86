/// A member of a call queue or ring group: an agent's extension number and skill level.
public struct Member: Sendable, Hashable {
    /// The agent's extension number (3 to 64 digits).
    public var extensionNumber: String
    /// 1 to 100; meaningful only for skill-based ring strategies. PortSIP's default is 1.
    public var skillLevel: Int

    /// PortSIP's skill levels.
    public static let skillLevels = 1...100
    /// The skill level a member has when none is given.
    public static let defaultSkillLevel = 1

    /// Creates a member.
    public init(extensionNumber: String, skillLevel: Int = Member.defaultSkillLevel) {
        self.extensionNumber = extensionNumber
        self.skillLevel = skillLevel
    }
}

extension Member {
    /// Each member's skill level, by extension number.
    public static func levels(of members: [Member]) -> [String: Int] {
        Dictionary(members.map { ($0.extensionNumber, $0.skillLevel) }, uniquingKeysWith: { first, _ in first })
    }
}
