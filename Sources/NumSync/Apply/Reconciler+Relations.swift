import NumSyncCore

// Relations: read only for the entries that have the relation's key, planned as `Change`s of
// relation scope that the list's plan takes in.

extension Reconciler {
    /// The plan with the relations of every list planned. Each call queue or ring group list the
    /// files give members in is listed once, and the members of each group they name read once;
    /// for exclusive agents, the PBX's call queues are listed (once, shared with members), the
    /// members of the queues the files name read (once each), and the agents of each existing
    /// number whose entry has `queues` (concurrently, within `--parallelism`). Members and
    /// exclusive agents are then ordered (`Plan.orderingMembersAndAgents`).
    public func withRelations(_ plan: Plan, desired: DesiredState, observed: [String: [ObservedRecord]])
        async throws -> Plan
    {
        var plan = plan
        var groups = GroupReadings(client: client)
        var wantedMembers: [ExactText: [String]] = [:]
        for list in desired.namedGroupLists {
            let relation = list.relations[0]
            let wanted = desired.members.filter { $0.list.key == list.key }
            let records = try await groups.records(of: list)
            let managed = ServerListing(records).managed
            let ids = wanted.compactMap { managed[ExactText($0.extensionNumber)]?.id }
            let held = try await groups.members(of: ids, in: list)
            let planned = RelationPlan.members(of: relation, desired: wanted, groups: records, observed: held)
            var groupPlan = ListPlan(
                list: list, changes: [], unchangedCount: ids.count - planned.changes.count, unmanaged: [],
                duplicates: [], policy: PlanPolicy(unmanaged: .ignore), observedCount: records.count)
            groupPlan.add(planned)
            plan = Plan(lists: plan.lists + [groupPlan])
            if list.key == PortSIPList.callQueues.key {
                for group in wanted {
                    wantedMembers[ExactText(group.extensionNumber)] = group.members.map(\.extensionNumber)
                }
            }
        }
        for index in plan.lists.indices where plan.lists[index].list.relations.contains(.exclusiveAgents) {
            let list = plan.lists[index].list
            guard let wanted = desired[list], !wanted.agents.isEmpty else { continue }
            let managed = ServerListing(observed[list.key] ?? []).managed
            var ids: [ExactText: String] = [:]
            for entry in wanted.agents {
                if let record = managed[ExactText(entry.number)] { ids[ExactText(entry.number)] = record.id }
            }
            let named = Set(wanted.agents.flatMap { $0.agents.queues.map { ExactText($0.queue) } })
            let queues = try await groups.callQueues(withMembersOf: named, planned: wantedMembers)
            // A PBX without queues holds no agents: nothing to read per number.
            let held =
                queues.isEmpty
                ? [:]
                : try await values(of: .exclusiveAgents, owners: Array(Set(ids.values))).mapValues {
                    $0.mapValues { $0.map(\.extensionNumber) }
                }
            plan.lists[index].add(
                .exclusiveAgents(
                    desired: wanted.agents.map { ($0.number, $0.agents) }, ids: ids, queues: queues, observed: held))
        }
        return plan.orderingMembersAndAgents()
    }

    /// The exclusive agents of every record, by queue extension number, for export; nil when
    /// the PBX has no call queues (then no number can have agents, and export writes no `queues`).
    public func exportedAgents(of records: [ObservedRecord]) async throws -> ExportedAgents? {
        var groups = GroupReadings(client: client)
        let queues = try await groups.callQueues(withMembersOf: [], planned: [:])
        guard !queues.isEmpty else { return nil }
        let extensions = Dictionary(queues.map { ($0.id, $0.extensionNumber) }, uniquingKeysWith: { a, _ in a })
        let held = try await values(of: .exclusiveAgents, owners: Array(Set(records.map(\.id))))
        return ExportedAgents(
            byNumberID: held.mapValues { byQueue in
                Dictionary(
                    byQueue.map { (extensions[$0.key] ?? $0.key, $0.value.map(\.extensionNumber)) },
                    uniquingKeysWith: { a, b in a + b })
            })
    }

    /// The members of every group of `records` (call queues or ring groups), by extension number,
    /// for export: each group read once, concurrently within `--parallelism`.
    public func members(of records: [ObservedRecord], in list: PortSIPList) async throws
        -> [String: [Member]]
    {
        let managed = ServerListing(records).managed.values.sorted { $0.key.precedesByBytes($1.key) }
        var groups = GroupReadings(client: client)
        let held = try await groups.members(of: managed.map(\.id), in: list)
        return Dictionary(
            managed.map { ($0.key, held[$0.id] ?? []) }, uniquingKeysWith: { first, _ in first })
    }

    /// By owner id, by target id: what each record holds of `relation`.
    func values(of relation: Relation, owners ownerIDs: [String]) async throws -> [String: [String: [Member]]] {
        let client = self.client
        let held = try await ownerIDs.concurrentMap(limit: client.settings.parallelism) { id in
            var byTarget: [String: [Member]] = [:]
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

/// What planning relations reads of call queues and ring groups, each once per plan: a list's
/// records, and the members of the groups that were asked for.
struct GroupReadings {
    let client: PortSIPClient
    private var records: [String: [ObservedRecord]] = [:]
    private var members: [String: [String: [Member]]] = [:]

    init(client: PortSIPClient) {
        self.client = client
    }

    /// The list's records, listed once.
    mutating func records(of list: PortSIPList) async throws -> [ObservedRecord] {
        if let known = records[list.key] { return known }
        let listed = try await client.list(list)
        records[list.key] = listed
        return listed
    }

    /// By group id, the members of each group in `ids`, each group read once (concurrently,
    /// within `--parallelism`).
    mutating func members(of ids: [String], in list: PortSIPList) async throws -> [String: [Member]] {
        let known = members[list.key, default: [:]]
        let missing = Array(Set(ids.filter { known[$0] == nil }))
        let client = self.client
        let read = try await missing.concurrentMap(limit: client.settings.parallelism) { id in
            try await client.members(of: id, in: list)
        }
        members[list.key, default: [:]].merge(zip(missing, read), uniquingKeysWith: { first, _ in first })
        let all = members[list.key] ?? [:]
        return Dictionary(ids.compactMap { id in all[id].map { (id, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    /// Every call queue, with the members of those in `named` (by extension number): the members
    /// the files give it (`planned`) where they give some, as it will have them once they are
    /// set; the members it has otherwise.
    mutating func callQueues(withMembersOf named: Set<ExactText>, planned: [ExactText: [String]]) async throws
        -> [CallQueue]
    {
        let list = PortSIPList.callQueues
        let name = list.field(named: "name")!
        let strategy = list.field(named: "polling_strategy")!
        let records = try await records(of: list)
        let read = records.filter { named.contains(ExactText($0.key)) && planned[ExactText($0.key)] == nil }
        let held = try await members(of: read.map(\.id), in: list)
        return records.map { record in
            let wanted = planned[ExactText(record.key)]
            return CallQueue(
                id: record.id, extensionNumber: record.key, name: record[name].text,
                strategy: record[strategy].text,
                members: wanted ?? held[record.id]?.map(\.extensionNumber) ?? [], membersArePlanned: wanted != nil)
        }
    }
}
