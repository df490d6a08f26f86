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

    /// The members of a queue (extension numbers), in the server's order.
    public func members(ofQueue queueID: String) async throws -> [String] {
        try await members(of: queueID, in: .callQueues).map(\.extensionNumber)
    }

    /// The members of a call queue or ring group, with their skill levels, in the server's order.
    /// A missing or null `skill_level` is PortSIP's default, 1.
    public func members(of id: String, in groups: ResourceCollection) async throws -> [Member] {
        let request = APIRequest(method: "GET", path: APIRequest.membersPath(of: id, in: groups), intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Items<Wire.Member>.self, from: response, request: request).items.map {
            Member(extensionNumber: $0.extension_number, skillLevel: $0.skill_level ?? Member.defaultSkillLevel)
        }
    }

    /// The ids of the targets at which a record holds something of `relation` (the queues in
    /// which an exclusive number has agents).
    public func targets(of relation: Relation, owner ownerID: String) async throws -> [String] {
        let request = APIRequest(
            method: "GET", path: APIRequest.path(relation.targetsPath, owner: ownerID), intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Items<Wire.Reference>.self, from: response, request: request).items.map(\.id)
    }

    /// What a record holds of `relation` at one target (extension numbers), in the server's order.
    public func value(of relation: Relation, owner ownerID: String, target targetID: String) async throws -> [String] {
        try await extensions(at: APIRequest.path(relation.valuePath, owner: ownerID, target: targetID))
    }

    private func extensions(at path: String) async throws -> [String] {
        let request = APIRequest(method: "GET", path: path, intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Items<Wire.Extension>.self, from: response, request: request).items.map(
            \.extension_number)
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
            self.init(
                method: "POST", path: Self.path(relation.clearPath, owner: ownerID, target: change.targetID),
                intent: .destroy)
        case .set(let items):
            self.init(
                method: "POST", path: Self.path(relation.valuePath, owner: ownerID, target: change.targetID),
                body: "{\"items\":[" + items.map(JSONText.string).joined(separator: ",") + "]}",
                // Sending the same set again gives the same result under either meaning of "set".
                intent: .update)
        }
    }

    /// The request that sets the members of a call queue or ring group (also what a dry-run
    /// shows). Whether PortSIP replaces the members or adds to them, and whether an empty set
    /// clears them, is not documented: read them back to know.
    public static func setMembers(_ members: [Member], of id: String, in groups: ResourceCollection) -> APIRequest {
        let items = members.map {
            "{\"extension_number\":" + JSONText.string($0.extensionNumber) + ",\"skill_level\":\($0.skillLevel)}"
        }
        return APIRequest(
            method: "POST", path: membersPath(of: id, in: groups),
            body: "{\"items\":[" + items.joined(separator: ",") + "]}",
            // Sending the same set again gives the same result under either meaning of "set".
            intent: .update)
    }

    /// `/call_queues/{id}/agents` or `/ring_groups/{id}/agents`, the id escaped.
    static func membersPath(of id: String, in groups: ResourceCollection) -> String {
        "/\(groups.path)/\(escapePathComponent(id))/agents"
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

    /// An item named by its extension number (a queue member, an exclusive agent).
    struct Extension: Decodable {
        var extension_number: String
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
