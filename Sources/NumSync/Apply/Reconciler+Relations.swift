import NumSyncCore

// Relations: read only for the entries that have the relation's key, planned as `Change`s of
// relation scope that the list's plan takes in.

extension Reconciler {
    /// The plan with the relations of every list planned: for exclusive agents, the PBX's queues
    /// are read once, the members of the queues the files name once each, and the agents of each
    /// existing number whose entry has `queues` (concurrently, within `--parallelism`).
    public func withRelations(_ plan: Plan, desired: DesiredState, observed: [String: [ObservedRecord]])
        async throws -> Plan
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
            let held = queues.isEmpty ? [:] : try await values(of: .exclusiveAgents, owners: Array(Set(ids.values)))
            plan.lists[index].add(
                .exclusiveAgents(
                    desired: wanted.agents.map { ($0.number, $0.agents) }, ids: ids, queues: queues, observed: held))
        }
        return plan
    }

    /// The exclusive agents of every record, by queue extension number, for export; nil when
    /// the PBX has no call queues (then no number can have agents, and export writes no `queues`).
    public func exportedAgents(of records: [ObservedRecord]) async throws -> ExportedAgents? {
        let queues = try await callQueues(withMembersOf: [])
        guard !queues.isEmpty else { return nil }
        let extensions = Dictionary(queues.map { ($0.id, $0.extensionNumber) }, uniquingKeysWith: { a, _ in a })
        let held = try await values(of: .exclusiveAgents, owners: Array(Set(records.map(\.id))))
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
                named.contains(ExactText(record.key)) ? try await client.members(ofQueue: record.id) : []
            queues.append(
                CallQueue(
                    id: record.id, extensionNumber: record.key, name: record[name].text,
                    strategy: record[strategy].text, members: members))
        }
        return queues
    }

    /// By owner id, by target id: what each record holds of `relation`.
    func values(of relation: Relation, owners ownerIDs: [String]) async throws -> [String: [String: [String]]] {
        let client = self.client
        let held = try await ownerIDs.concurrentMap(limit: client.settings.parallelism) { id in
            var byTarget: [String: [String]] = [:]
            for target in try await client.targets(of: relation, owner: id) {
                byTarget[target] = try await client.value(of: relation, owner: id, target: target)
            }
            return byTarget
        }
        return Dictionary(zip(ownerIDs, held), uniquingKeysWith: { first, _ in first })
    }
}

extension FieldValue {
    /// The text of a string value; `""` for a boolean.
    var text: String {
        if case .string(let text) = self { return text }
        return ""
    }
}
