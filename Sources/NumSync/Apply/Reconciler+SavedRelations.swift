import NumSyncCore

// A saved plan's changes of relations act on the ids they hold: before any is carried out, those
// ids must still be the record's and the target's that the plan shows.

extension Reconciler {
    /// What no longer holds for a saved plan's changes of relations, against the owner lists as
    /// listed now (`observed`, by list key): the target (queue) and the record (number) must still
    /// have the ids the plan holds, and the record the value the plan was made from.
    ///
    /// An id that names another number or queue on the server contradicts the plan itself (the
    /// key of a record never changes): that is thrown as an inconsistent plan (exit 1). A
    /// number or queue that is gone, or now has another id, is a stale premise (exit 4).
    func relationStaleness(of saved: SavedPlan, against observed: [String: [ObservedRecord]]) async throws
        -> [Staleness]
    {
        let changes = saved.changes.filter { !$0.isRecordChange }
        guard !changes.isEmpty else { return [] }
        // Each list once: the owners' as listed already, the targets' read now.
        var listings: [String: (byNumber: [ExactText: ObservedRecord], byID: [ExactText: ObservedRecord])] = [:]
        func listing(_ collection: ResourceCollection, read: Bool) async throws -> (
            byNumber: [ExactText: ObservedRecord], byID: [ExactText: ObservedRecord]
        ) {
            if let known = listings[collection.key] { return known }
            let listing = ServerListing(read ? try await client.list(collection) : observed[collection.key] ?? [])
            listings[collection.key] = (listing.managed, listing.recordsByID())
            return listings[collection.key]!
        }
        var stale: [Staleness] = []
        var inconsistent: [String] = []
        for (index, planned) in changes.enumerated() {
            guard let relation = planned.relationChange else { continue }
            let owner = planned.collection
            let (numbers, numbersByID) = try await listing(owner, read: false)
            let (queues, queuesByID) = try await listing(relation.relation.target, read: true)
            let change = (
                number: planned.number, numberID: planned.id, queue: relation.target, queueID: relation.targetID
            )
            let label =
                "agent_changes[\(index)] (\(change.number.quotedForDisplay) queue \(change.queue.quotedForDisplay))"
            var holds = true
            func staleness(_ reason: String) {
                stale.append(Staleness(number: change.number, reason: reason, in: owner))
                holds = false
            }
            if let queue = queuesByID[ExactText(change.queueID)] {
                if !queue.key.isByteEqual(to: change.queue) {
                    inconsistent.append(
                        "\(label): queue_id \(change.queueID.quotedForDisplay) is call queue "
                            + "\(queue.key.quotedForDisplay) on the server, not \(change.queue.quotedForDisplay)")
                    holds = false
                }
            } else if let now = queues[ExactText(change.queue)] {
                staleness(
                    "call queue \(change.queue) is now record \(now.id), not record \(change.queueID) the plan was made for"
                )
            } else {
                staleness("call queue \(change.queue) is no longer on the server")
            }
            // A number the plan creates has no id yet: the create's own check covers it.
            guard let id = change.numberID else { continue }
            if let record = numbersByID[ExactText(id)], !record.key.isByteEqual(to: change.number) {
                inconsistent.append(
                    "\(label): number_id \(id.quotedForDisplay) is \(record.key.quotedForDisplay) on the server, "
                        + "not \(change.number.quotedForDisplay)")
                holds = false
            } else if let now = numbers[ExactText(change.number)] {
                if !now.id.isByteEqual(to: id) {
                    staleness("it is now record \(now.id), not record \(id) whose agents the plan changes")
                }
            } else {
                staleness("record \(id), whose agents the plan changes, is no longer on the server")
            }
            guard holds else { continue }
            // The change rests on the agents the number had: read them again.
            let agents = try await client.value(of: relation.relation, owner: id, target: change.queueID)
            if Set(agents) != Set(relation.before) {
                let shown = agents.sorted().map(\.quotedForDisplay).joined(separator: ", ")
                staleness("its agents in queue \(change.queue) are now [\(shown)], not what the plan was made from")
            }
        }
        guard inconsistent.isEmpty else { throw SavedPlanError.inconsistent(saved.path, inconsistent) }
        return stale
    }
}
