import NumSyncCore

// Exclusive agents: read only for the entries that have `queues`, planned with `AgentPlan`.

extension Reconciler {
    /// The plan with the agents of every list that manages them planned: the PBX's queues are
    /// read once, the members of the queues the files name once each, and the agents of each
    /// existing number whose entry has `queues` (concurrently, within `--parallelism`).
    public func withAgents(_ plan: Plan, desired: DesiredState, observed: [String: [ObservedNumber]]) async throws
        -> Plan
    {
        var plan = plan
        for index in plan.lists.indices where plan.lists[index].collection.relations.contains(.exclusiveAgents) {
            let collection = plan.lists[index].collection
            guard let wanted = desired[collection], !wanted.agents.isEmpty else { continue }
            let managed = ServerListing(observed[collection.key] ?? []).managed
            var ids: [ExactText: String] = [:]
            for entry in wanted.agents {
                if let record = managed[ExactText(entry.number)] { ids[ExactText(entry.number)] = record.id }
            }
            let named = Set(wanted.agents.flatMap { $0.agents.queues.map { ExactText($0.queue) } })
            let queues = try await callQueues(withMembersOf: named)
            // A PBX without queues holds no agents: nothing to read per number.
            let held = queues.isEmpty ? [:] : try await agents(of: Array(Set(ids.values)))
            plan.lists[index].agents = AgentPlan(
                desired: wanted.agents.map { ($0.number, $0.agents) }, ids: ids, queues: queues, observed: held)
        }
        return plan
    }

    /// The exclusive agents of every record, by queue extension number, for export; nil when
    /// the PBX has no call queues (then no number can have agents, and export writes no `queues`).
    public func exportedAgents(of records: [ObservedNumber]) async throws -> ExportedAgents? {
        let queues = try await callQueues(withMembersOf: [])
        guard !queues.isEmpty else { return nil }
        let extensions = Dictionary(queues.map { ($0.id, $0.extensionNumber) }, uniquingKeysWith: { a, _ in a })
        let held = try await agents(of: Array(Set(records.map(\.id))))
        return ExportedAgents(
            byNumberID: held.mapValues { byQueue in
                Dictionary(
                    byQueue.map { (extensions[$0.key] ?? $0.key, $0.value) }, uniquingKeysWith: { a, b in a + b })
            })
    }

    /// Every call queue, with the members of those in `named` (by extension number).
    func callQueues(withMembersOf named: Set<ExactText>) async throws -> [CallQueue] {
        let collection = ResourceCollection.callQueues
        let name = collection.field(named: "name")!
        let strategy = collection.field(named: "polling_strategy")!
        var queues: [CallQueue] = []
        for record in try await client.callQueues() {
            let members =
                named.contains(ExactText(record.number)) ? try await client.members(ofQueue: record.id) : []
            queues.append(
                CallQueue(
                    id: record.id, extensionNumber: record.number, name: record[name].text,
                    strategy: record[strategy].text, members: members))
        }
        return queues
    }

    /// By number id, by queue id: the agents each number has.
    func agents(of numberIDs: [String]) async throws -> [String: [String: [String]]] {
        let client = self.client
        let held = try await numberIDs.concurrentMap(limit: client.settings.parallelism) { id in
            var byQueue: [String: [String]] = [:]
            for queue in try await client.queues(withAgentsOf: id) {
                byQueue[queue] = try await client.agents(of: id, inQueue: queue)
            }
            return byQueue
        }
        return Dictionary(zip(numberIDs, held), uniquingKeysWith: { first, _ in first })
    }
}

extension FieldValue {
    /// The text of a string value; `""` for a boolean.
    var text: String {
        if case .string(let text) = self { return text }
        return ""
    }
}

extension DriftReport {
    /// The drift of exclusive agents as a plan, for the checks every command makes.
    public var agentPlan: Plan {
        Plan(
            lists: lists.compactMap { list in
                list.agents.map { agents in
                    var plan = ListPlan(
                        desired: DesiredList(numbers: [], in: list.collection), observed: [],
                        policy: .init(unmanaged: .ignore))
                    plan.agents = agents
                    return plan
                }
            })
    }
}

extension Plan {
    /// Every change of exclusive agents, list by list.
    public var agentChanges: [AgentChange] { lists.flatMap { $0.agents?.changes ?? [] } }

    /// Errors found planning exclusive agents (unknown queues, non-members): nothing may be sent
    /// while there are any.
    public var agentProblems: [Diagnostic] { lists.flatMap { $0.agents?.problems ?? [] } }
    /// Warnings found planning exclusive agents.
    public var agentWarnings: [Diagnostic] { lists.flatMap { $0.agents?.warnings ?? [] } }
}
