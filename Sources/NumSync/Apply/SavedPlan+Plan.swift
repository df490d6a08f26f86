import NumSyncCore

extension SavedPlan {
    /// The plan as it was made, put back together so that it renders as `plan` rendered it:
    /// each list with its changes, agents, unmanaged records, duplicates and counts. `serverCounts`
    /// (records per list key, as the server holds them now) is what the safety threshold counts
    /// against.
    public func plan(serverCounts: [String: Int]) -> Plan {
        let keys = Set(document.lists?.keys.map { $0 } ?? []).union(changes.map(\.list.key))
        let lists = (PortSIPList.all + PortSIPList.readOnly).filter { keys.contains($0.key) }.map {
            list in
            let key = list.key
            let policy = document.desired.unmanaged_policies?[key] ?? document.desired.unmanaged_policy
            return ListPlan(
                list: list,
                changes: changes.filter { $0.list.key == key },
                unchangedCount: document.lists?[key]?.unchanged ?? 0,
                unmanaged: document.unmanaged.filter { $0.collection == key }.compactMap {
                    $0.observed(in: list)
                },
                duplicates: document.duplicates.filter { $0.collection == key }.compactMap { duplicate in
                    guard let kept = duplicate.managed.observed(in: list) else { return nil }
                    return ServerDuplicate(
                        number: duplicate.number, kept: kept,
                        extras: duplicate.extras.compactMap { $0.observed(in: list) })
                },
                policy: PlanPolicy(unmanaged: UnmanagedPolicy(rawValue: policy) ?? .ignore),
                observedCount: serverCounts[key] ?? 0,
                relations: list.relations.filter { relation in
                    relation == .exclusiveAgents
                        ? document.agent_changes != nil : relation.value == .members && document.member_changes != nil
                })
        }
        return Plan(lists: lists)
    }
}
