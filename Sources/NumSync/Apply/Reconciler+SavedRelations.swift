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
        func listing(_ list: PortSIPList, read: Bool) async throws -> (
            byNumber: [ExactText: ObservedRecord], byID: [ExactText: ObservedRecord]
        ) {
            if let known = listings[list.key] { return known }
            let listing = ServerListing(read ? try await client.list(list) : observed[list.key] ?? [])
            listings[list.key] = (listing.managed, listing.recordsByID())
            return listings[list.key]!
        }
        var stale: [Staleness] = []
        var inconsistent: [String] = []
        var positions: [String: Int] = [:]
        for planned in changes {
            guard let relation = planned.relationChange else { continue }
            // The change's place in its relation's array of the saved plan.
            let index = positions[relation.relation.changesKey, default: 0]
            positions[relation.relation.changesKey] = index + 1
            let owner = planned.list
            // A list read only (call queues) is not among the lists a saved plan is checked against.
            let (records, recordsByID) = try await listing(owner, read: owner.isReadOnly)
            let change = (number: planned.number, id: planned.id, target: relation.target, targetID: relation.targetID)
            let label = Self.label(of: planned, at: index)
            var holds = true
            func staleness(_ reason: String) {
                stale.append(Staleness(number: change.number, reason: reason, in: owner))
                holds = false
            }
            if let targets = relation.relation.target, let target = change.target, let targetID = change.targetID {
                let (byKey, byID) = try await listing(targets, read: true)
                if let found = byID[ExactText(targetID)] {
                    if !found.key.isByteEqual(to: target) {
                        inconsistent.append(
                            "\(label): queue_id \(targetID.quotedForDisplay) is \(targets.recordName) "
                                + "\(found.key.quotedForDisplay) on the server, not \(target.quotedForDisplay)")
                        holds = false
                    }
                } else if let now = byKey[ExactText(target)] {
                    staleness(
                        "\(targets.recordName) \(target) is now record \(now.id), not record \(targetID) the plan was made for"
                    )
                } else {
                    staleness("\(targets.recordName) \(target) is no longer on the server")
                }
            }
            // A record the plan creates has no id yet: the create's own check covers it.
            guard let id = change.id else { continue }
            if let record = recordsByID[ExactText(id)], !record.key.isByteEqual(to: change.number) {
                inconsistent.append(
                    "\(label): \(Self.idKey(of: planned)) \(id.quotedForDisplay) is \(record.key.quotedForDisplay) on "
                        + "the server, not \(change.number.quotedForDisplay)")
                holds = false
            } else if let now = records[ExactText(change.number)] {
                if !now.id.isByteEqual(to: id) {
                    staleness(
                        "it is now record \(now.id), not record \(id) whose \(relation.relation.itemName)s the plan changes"
                    )
                }
            } else {
                staleness(
                    "record \(id), whose \(relation.relation.itemName)s the plan changes, is no longer on the server")
            }
            // A change carried out in two parts: the second rests on the first, not on the server.
            guard holds, planned.part < 2 else { continue }
            // The change rests on the value the record had: read it again.
            let held = try await client.value(of: relation.relation, owner: id, target: change.targetID)
            if !RelationChange(relation: relation.relation, from: held, to: []).sameItems(asBefore: relation) {
                let shown = held.map(\.extensionNumber).sorted().map(\.quotedForDisplay).joined(separator: ", ")
                let place = change.target.map { " in queue \($0)" } ?? ""
                staleness(
                    "its \(relation.relation.itemName)s\(place) are now [\(shown)]"
                        + (relation.relation.value == .members ? " (with their skill levels)" : "")
                        + ", not what the plan was made from")
            }
        }
        guard inconsistent.isEmpty else { throw SavedPlanError.inconsistent(saved.path, inconsistent) }
        return stale
    }

    /// How messages name a saved relation change: `agent_changes[0] ("+1…" queue "8000")`.
    static func label(of change: Change, at index: Int) -> String {
        guard let relation = change.relationChange else { return "operations[\(index)]" }
        let target = relation.target.map { " queue \($0.quotedForDisplay)" } ?? ""
        return "\(relation.relation.changesKey)[\(index)] (\(change.number.quotedForDisplay)\(target))"
    }

    /// The key a saved relation change holds its record's id under.
    static func idKey(of change: Change) -> String {
        change.relationChange?.relation.value == .members ? "group_id" : "number_id"
    }
}
