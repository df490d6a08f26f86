import Foundation
import Hummingbird
import NumSyncCore

// The exclusive agents of an exclusive number, per call queue, and the queues' members.

extension SimulatorRoutes {
    /// `GET/POST /api/exclusive_numbers/{id}/call_queues/...`, beside the list's own routes, at
    /// the paths the relation declares.
    func addExclusiveAgents(to group: RouterGroup<SimulatorContext>, numbers: NumberStore) {
        let relation = Relation.exclusiveAgents
        // The exclusive agents' declaration has targets and a clear.
        func route(_ template: PathTemplate) -> RouterPath {
            RouterPath(String(template.pattern(parameterPrefix: ":").dropFirst(numbers.list.path.count + 1)))
        }
        group.get(route(relation.targetsPath!)) { _, context in
            try await queuesWithAgents(of: context.id, numbers: numbers)
        }
        group.get(route(relation.valuePath)) { _, context in
            try await agentsOf(context.id, in: context.target, numbers: numbers)
        }
        group.post(route(relation.valuePath)) { request, context in
            try await setAgents(request, of: context.id, in: context.target, numbers: numbers)
        }
        group.post(route(relation.clearPath!)) { _, context in
            try await clearAgents(of: context.id, in: context.target, numbers: numbers)
        }
    }

    /// `GET /api/call_queues/{id}/agents` (or a ring group's): the members, unpaged, no `count`.
    func members(in groups: NumberStore, of id: String) async throws -> Response {
        guard await groups.get(id) != nil else { return try groupNotFound(id, in: groups) }
        let items = await agents.members(in: groups.list, of: id).map(WireMember.init)
        return try json(.ok, WireItems(items: items))
    }

    /// `POST /api/call_queues/{id}/agents` (or a ring group's): sets the members, by
    /// `--agents-set`. Body `{"items": [{"extension_number": "101", "skill_level": 1}]}`; the skill
    /// level is 1 to 100, 1 when absent; `display_name` is read only and ignored.
    func setMembers(_ request: Request, in groups: NumberStore, of id: String) async throws -> Response {
        guard await groups.get(id) != nil else { return try groupNotFound(id, in: groups) }
        var request = request
        guard case .object(let object)? = try await Self.jsonBody(&request), case .array(let values)? = object["items"]
        else {
            return try error(.badRequest, "VALIDATE_FAILED", "field validation failed: items must be an array")
        }
        var members: [ExclusiveAgents.Member] = []
        var problems: [String] = []
        for (index, value) in values.enumerated() {
            guard case .object(let item) = value, case .string(let text)? = item["extension_number"],
                Self.isExtension(text)
            else {
                problems.append(
                    "items[\(index)].extension_number must be an extension number (3 to 64 digits), got "
                        + value.shortText)
                continue
            }
            var level = 1
            switch item["skill_level"] {
            case nil, .null?:
                break
            case .number(let number)? where number == number.rounded() && (1...100).contains(number):
                level = Int(number)
            case let other?:
                problems.append("items[\(index)].skill_level must be an integer from 1 to 100, got \(other.shortText)")
                continue
            }
            members.append(ExclusiveAgents.Member(extension_number: text, skill_level: level))
        }
        guard problems.isEmpty else {
            return try error(
                .badRequest, "VALIDATE_FAILED", "field validation failed: " + problems.joined(separator: "; "))
        }
        let agents = self.agents
        let list = groups.list
        let wanted = members
        _ = await commit("set members") { () async -> Bool? in
            await agents.setMembers(wanted, in: list, of: id)
            return true
        }
        return Response(status: .ok)
    }

    private func queuesWithAgents(of numberID: String, numbers: NumberStore) async throws -> Response {
        guard await numbers.get(numberID) != nil else { return try numberNotFound(numberID) }
        let ids = Set(await agents.queues(of: numberID))
        let items = await queues.all().filter { ids.contains($0.id) }.map { queue in
            WireQueueReference(
                id: queue.id, name: queue.text("name") ?? "", extension_number: queue.text("extension_number") ?? "")
        }
        return try json(.ok, WireItems(items: items))
    }

    private func agentsOf(_ numberID: String, in queueID: String, numbers: NumberStore) async throws -> Response {
        guard await numbers.get(numberID) != nil else { return try numberNotFound(numberID) }
        guard await queues.get(queueID) != nil else { return try queueNotFound(queueID) }
        let items = await agents.agents(of: numberID, in: queueID).map { WireAgent(extension_number: $0) }
        return try json(.ok, WireItems(items: items))
    }

    private func setAgents(_ request: Request, of numberID: String, in queueID: String, numbers: NumberStore)
        async throws -> Response
    {
        guard await numbers.get(numberID) != nil else { return try numberNotFound(numberID) }
        guard await queues.get(queueID) != nil else { return try queueNotFound(queueID) }
        var request = request
        guard case .object(let object)? = try await Self.jsonBody(&request), case .array(let values)? = object["items"]
        else {
            return try error(.badRequest, "VALIDATE_FAILED", "field validation failed: items must be an array")
        }
        var extensions: [String] = []
        var problems: [String] = []
        for (index, value) in values.enumerated() {
            guard case .string(let text) = value, Self.isExtension(text) else {
                problems.append("items[\(index)] must be an extension number (3 to 64 digits), got \(value.shortText)")
                continue
            }
            extensions.append(text)
        }
        guard problems.isEmpty else {
            return try error(
                .badRequest, "VALIDATE_FAILED", "field validation failed: " + problems.joined(separator: "; "))
        }
        // Members are not checked: whether PortSIP refuses an agent that is not a member of the
        // queue is not documented, so the simulator takes the worse case and accepts it.
        let agents = self.agents
        let wanted = extensions
        _ = await commit("set agents") { () async -> Bool? in
            await agents.set(wanted, of: numberID, in: queueID)
            return true
        }
        return Response(status: .ok)
    }

    private func clearAgents(of numberID: String, in queueID: String, numbers: NumberStore) async throws -> Response {
        guard await numbers.get(numberID) != nil else { return try numberNotFound(numberID) }
        guard await queues.get(queueID) != nil else { return try queueNotFound(queueID) }
        let agents = self.agents
        _ = await commit("clear agents") { () async -> Bool? in
            await agents.clear(numberID, in: queueID)
            return true
        }
        return Response(status: .noContent)
    }

    /// `[0-9]{3,64}`.
    static func isExtension(_ text: String) -> Bool {
        (3...64).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    private func numberNotFound(_ id: String) throws -> Response {
        try error(.notFound, "NOT_FOUND", "exclusive number \(id) not found")
    }

    private func queueNotFound(_ id: String) throws -> Response {
        try error(.notFound, "NOT_FOUND", "call queue \(id) not found")
    }

    private func groupNotFound(_ id: String, in groups: NumberStore) throws -> Response {
        try error(.notFound, "NOT_FOUND", "\(groups.list.recordName) \(id) not found")
    }
}

extension SimulatorContext {
    /// The `:target` of a relation's route (a queue's id), percent-decoded.
    var target: String {
        let raw = parameters.get("target") ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}

/// `{"items": [...]}`: PortSIP's unpaged answers.
struct WireItems<Item: Encodable & Sendable>: Encodable, Sendable {
    var items: [Item]
}

/// A member, as `GET /api/call_queues/{id}/agents` (or a ring group's) answers it.
struct WireMember: Encodable, Sendable {
    var extension_number: String
    var display_name: String
    var skill_level: Int

    init(_ member: ExclusiveAgents.Member) {
        extension_number = member.extension_number
        display_name = "Agent \(member.extension_number)"
        skill_level = member.skill_level
    }
}

/// A queue a number has exclusive agents in.
struct WireQueueReference: Encodable, Sendable {
    var id: String
    var name: String
    var extension_number: String
}

/// An exclusive agent, as `GET …/call_queues/{queue_id}/agents` answers it.
struct WireAgent: Encodable, Sendable {
    var id: String
    var name: String
    var display_name: String
    var extension_number: String

    init(extension_number: String) {
        id = "ext-\(extension_number)"
        name = extension_number
        display_name = "Agent \(extension_number)"
        self.extension_number = extension_number
    }
}
