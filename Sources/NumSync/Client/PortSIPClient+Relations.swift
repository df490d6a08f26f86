import NumSyncCore

// Relations (exclusive agents) at the paths their declarations give, and the call queues they
// point at. Targets are named by extension number; ids are looked up, never written by users.

extension PortSIPClient {
    /// Every call queue: `number` is its extension number, with `name` and `polling_strategy`.
    /// Paged and checked like the number lists.
    public func callQueues() async throws -> [ObservedRecord] {
        try await list(.callQueues)
    }

    /// Every ring group: `key` is its extension number, with `name` and `ring_strategy`. Paged
    /// and checked like the number lists.
    public func ringGroups() async throws -> [ObservedRecord] {
        try await list(.ringGroups)
    }

    /// The members of a call queue or ring group, with their skill levels, in the server's order.
    /// A missing or null `skill_level` is PortSIP's default, 1.
    public func members(of id: String, in groups: PortSIPList) async throws -> [Member] {
        try await value(of: groups.relations[0], owner: id, target: nil)
    }

    /// The ids of the targets at which a record holds something of `relation` (the queues in
    /// which an exclusive number has agents); none for a relation without targets.
    public func targets(of relation: Relation, owner ownerID: String) async throws -> [String] {
        guard let targetsPath = relation.targetsPath else { return [] }
        let request = APIRequest(method: "GET", path: APIRequest.path(targetsPath, owner: ownerID), intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Items<Wire.Reference>.self, from: response, request: request).items.map(\.id)
    }

    /// What a record holds of `relation` (at one target, where it has targets), in the server's
    /// order: extension numbers, with skill levels where the value has them (the default level
    /// otherwise).
    public func value(of relation: Relation, owner ownerID: String, target targetID: String?) async throws -> [Member] {
        let request = APIRequest(
            method: "GET", path: APIRequest.path(relation.valuePath, owner: ownerID, target: targetID), intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Items<Wire.Member>.self, from: response, request: request).items.map {
            Member(extensionNumber: $0.extension_number, skillLevel: $0.skill_level ?? Member.defaultSkillLevel)
        }
    }
}

extension APIRequest {
    /// The request of one step of a relation change, for the record with id `ownerID` (also
    /// what a dry-run shows). Whether PortSIP's "set" replaces the value or adds to it is not
    /// documented: the executor reads the value back to know.
    public init(_ step: RelationChange.Step, of change: RelationChange, owner ownerID: String) {
        let relation = change.relation
        switch step {
        case .clear:
            // `steps` and `followUp` send a clear only where the relation declares one.
            self.init(
                method: "POST", path: Self.path(relation.clearPath!, owner: ownerID, target: change.targetID),
                intent: .destroy)
        case .set(let items):
            let body: String
            switch relation.value {
            case .extensions:
                body = "{\"items\":[" + items.map(JSONText.string).joined(separator: ",") + "]}"
            case .members:
                body = Self.membersBody(
                    items.map {
                        Member(extensionNumber: $0, skillLevel: change.levelsAfter[$0] ?? Member.defaultSkillLevel)
                    })
            }
            self.init(
                method: "POST", path: Self.path(relation.valuePath, owner: ownerID, target: change.targetID),
                body: body,
                // Sending the same set again gives the same result under either meaning of "set".
                intent: .update)
        }
    }

    /// The request that sets the members of a call queue or ring group (also what a dry-run
    /// shows). Whether PortSIP replaces the members or adds to them, and whether an empty set
    /// clears them, is not documented: read them back to know.
    public static func setMembers(_ members: [Member], of id: String, in groups: PortSIPList) -> APIRequest {
        let change = RelationChange(relation: groups.relations[0], from: [], to: members)
        return APIRequest(.set(change.after), of: change, owner: id)
    }

    /// `{"items": [{"extension_number": "101", "skill_level": 1}, ...]}`.
    static func membersBody(_ members: [Member]) -> String {
        let items = members.map {
            "{\"extension_number\":" + JSONText.string($0.extensionNumber) + ",\"skill_level\":\($0.skillLevel)}"
        }
        return "{\"items\":[" + items.joined(separator: ",") + "]}"
    }

    /// A relation's path for an owner's id and a target's id, each escaped.
    static func path(_ template: PathTemplate, owner ownerID: String, target targetID: String? = nil) -> String {
        var parameters = ["id": escapePathComponent(ownerID)]
        parameters["target"] = targetID.map(escapePathComponent)
        return "/" + template.filled(parameters)
    }
}

extension Wire {
    /// `{"items": [...]}`, PortSIP's unpaged answers; a missing `items` is none.
    struct Items<Item: Decodable>: Decodable {
        var items: [Item]

        enum CodingKeys: String, CodingKey {
            case items
        }

        init(from decoder: any Decoder) throws {
            items = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([Item].self, forKey: .items) ?? []
        }
    }

    /// A member of a call queue or ring group; `display_name` is read only and not read. A
    /// skill level sent as text is read as its number.
    struct Member: Decodable {
        var extension_number: String
        var skill_level: Int?

        enum CodingKeys: String, CodingKey {
            case extension_number, skill_level
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            extension_number = try container.decode(String.self, forKey: .extension_number)
            if try !container.contains(.skill_level) || container.decodeNil(forKey: .skill_level) {
                skill_level = nil
            } else if let number = try? container.decode(Int.self, forKey: .skill_level) {
                skill_level = number
            } else if let text = try? container.decode(String.self, forKey: .skill_level), let number = Int(text) {
                skill_level = number
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: .skill_level, in: container, debugDescription: "skill_level is not a whole number")
            }
        }
    }

    /// An item named by its id (a queue a number has agents in).
    struct Reference: Decodable {
        var id: String

        enum CodingKeys: String, CodingKey {
            case id
        }

        init(from decoder: any Decoder) throws {
            id = try Wire.decodeID(try decoder.container(keyedBy: CodingKeys.self), .id)
        }
    }
}
