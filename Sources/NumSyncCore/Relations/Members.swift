// The members of PortSIP's call queues and ring groups, declared once: the agents a queue or
// ring group rings, each with a skill level. Files name a queue by its extension number under
// `call_queues:` (a ring group under `ring_groups:`); everything else numsync knows about members
// it reads from these declarations.

extension Relation {
    /// A call queue's members: `GET /api/call_queues/{id}/agents` reads them, `POST` there sets
    /// them (whether that replaces or adds is not documented, nor whether an empty set clears),
    /// and PortSIP has no request that removes them.
    public static let queueMembers = members(of: "call_queues", recordName: "call queue")

    /// A ring group's members, as a call queue's: `GET/POST /api/ring_groups/{id}/agents`.
    public static let ringGroupMembers = members(of: "ring_groups", recordName: "ring group")

    private static func members(of ownerKey: String, recordName: String) -> Relation {
        Relation(
            ownerKey: ownerKey, key: "members", name: "\(recordName) members", itemName: "member",
            summary: "The \(recordName)'s members: extension numbers, or {extension, skill_level} (1-100, default 1). "
                + "Complete: members not listed are removed.",
            target: nil, value: .members, targetsPath: nil,
            valuePath: PathTemplate(stringLiteral: ownerKey + "/{id}/agents"),
            clearPath: nil, changesKey: "member_changes")
    }
}

/// The members the files give one call queue or ring group: its entry under `call_queues:` or
/// `ring_groups:`. An entry manages the members completely.
public struct DesiredMembers: Sendable, Hashable {
    /// The list the group is in (call queues or ring groups).
    public var list: PortSIPList
    /// The group's extension number, as written.
    public var extensionNumber: String
    /// The members, in file order; each extension once.
    public var members: [Member]
    /// Where the group's extension is written.
    public var source: SourceLocation
    /// Where each member is written, aligned with `members`.
    public var memberSources: [SourceLocation]

    /// Creates a group's members.
    public init(
        list: PortSIPList, extensionNumber: String, members: [Member], source: SourceLocation,
        memberSources: [SourceLocation]? = nil
    ) {
        self.list = list
        self.extensionNumber = extensionNumber
        self.members = members
        self.source = source
        self.memberSources = memberSources ?? Array(repeating: source, count: members.count)
    }

    /// The relation it manages.
    public var relation: Relation { list.relations[0] }
}

extension RelationPlan {
    /// What must change in the members of the groups of one list (call queues or ring groups)
    /// that the files name: a pure function of those entries, the list's records and the members
    /// each named group has.
    ///
    /// A group the PBX does not have is an error at its place in the file: numsync does not
    /// create groups. Groups the files do not name are not looked at.
    ///
    /// - Parameters:
    ///   - desired: the groups' entries, all of one list.
    ///   - groups: the list's records (the PBX's call queues or ring groups).
    ///   - observed: by group id, the members it has (read for named groups only).
    public static func members(
        of relation: Relation, desired: [DesiredMembers], groups: [ObservedRecord], observed: [String: [Member]]
    ) -> RelationPlan {
        let owner = relation.owner
        let byExtension = ServerListing(groups).managed
        var changes: [Change] = []
        var problems: [Diagnostic] = []
        for wanted in desired {
            guard let group = byExtension[ExactText(wanted.extensionNumber)] else {
                problems.append(.unknownGroup(wanted.extensionNumber, in: owner, at: wanted.source))
                continue
            }
            let change = RelationChange(relation: relation, from: observed[group.id] ?? [], to: wanted.members)
            if change.changesSomething {
                changes.append(.relation(change, of: group.key, id: group.id, in: owner, source: wanted.source))
            }
        }
        return RelationPlan(relation: relation, changes: changes, problems: problems)
    }
}
