import NumSyncCore

// Call queues, their members, and the exclusive agents of an exclusive number per queue.
// Queues and agents are named by extension number; ids are looked up, never written by users.

extension PortSIPClient {
    /// Every call queue: `number` is its extension number, with `name` and `polling_strategy`.
    /// Paged and checked like the number lists.
    public func callQueues() async throws -> [ObservedNumber] {
        try await list(.callQueues)
    }

    /// The members of a queue (extension numbers), in the server's order.
    public func members(ofQueue queueID: String) async throws -> [String] {
        try await extensions(at: "/call_queues/\(APIRequest.escapePathComponent(queueID))/agents")
    }

    /// The ids of the queues in which an exclusive number has agents.
    public func queues(withAgentsOf numberID: String) async throws -> [String] {
        let request = APIRequest(
            method: "GET", path: Self.path(Relation.exclusiveAgents.targetsPath, numberID), intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Items<Wire.Reference>.self, from: response, request: request).items.map(\.id)
    }

    /// An exclusive number's agents in a queue (extension numbers), in the server's order.
    public func agents(of numberID: String, inQueue queueID: String) async throws -> [String] {
        try await extensions(at: Self.path(Relation.exclusiveAgents.valuePath, numberID, queueID))
    }

    /// Sends a set of agents for a number in a queue. Whether PortSIP replaces the number's
    /// agents there or adds to them is not documented: read them back to know.
    public func setAgents(_ extensions: [String], of numberID: String, inQueue queueID: String) async throws {
        _ = try await perform(Self.setAgentsRequest(extensions, of: numberID, inQueue: queueID))
    }

    /// Removes all of a number's agents in a queue.
    public func clearAgents(of numberID: String, inQueue queueID: String) async throws {
        _ = try await perform(Self.clearAgentsRequest(of: numberID, inQueue: queueID))
    }

    /// The request that sets agents (also what a dry-run shows).
    public static func setAgentsRequest(_ extensions: [String], of numberID: String, inQueue queueID: String)
        -> APIRequest
    {
        APIRequest(
            method: "POST", path: path(Relation.exclusiveAgents.valuePath, numberID, queueID),
            body: "{\"items\":[" + extensions.map(JSONText.string).joined(separator: ",") + "]}",
            // Sending the same set again gives the same result under either meaning of "set".
            intent: .update)
    }

    /// The request that clears agents (also what a dry-run shows).
    public static func clearAgentsRequest(of numberID: String, inQueue queueID: String) -> APIRequest {
        APIRequest(
            method: "POST", path: path(Relation.exclusiveAgents.clearPath, numberID, queueID),
            intent: .destroy)
    }

    /// A relation's path for an owner's id and a target's id, each escaped.
    private static func path(_ template: PathTemplate, _ ownerID: String, _ targetID: String? = nil) -> String {
        var parameters = ["id": APIRequest.escapePathComponent(ownerID)]
        parameters["target"] = targetID.map(APIRequest.escapePathComponent)
        return "/" + template.filled(parameters)
    }

    private func extensions(at path: String) async throws -> [String] {
        let request = APIRequest(method: "GET", path: path, intent: .read)
        let response = try await perform(request)
        return try decode(Wire.Items<Wire.Extension>.self, from: response, request: request).items.map(
            \.extension_number)
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
