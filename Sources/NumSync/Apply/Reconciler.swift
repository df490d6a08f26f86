import NumSyncCore

/// The steps every command that talks to a server shares: read the server, plan, apply and
/// check the result.
public struct Reconciler: Sendable {
    /// How to check an apply afterwards.
    public enum Verification: Sendable {
        /// List again and plan again from the desired state; anything left over is reported.
        case replan(DesiredState, before: [String: [ObservedRecord]])
        /// List again and check that each change's effect is there (for saved plans).
        case effects
        /// Do not check (dry-run).
        case skip
    }

    /// The client.
    public var client: PortSIPClient

    /// Creates a reconciler.
    public init(client: PortSIPClient) {
        self.client = client
    }

    /// Every record of each list, by list key, as listed once (not proved).
    public func observe(_ lists: [PortSIPList]) async throws -> [String: [ObservedRecord]] {
        var observed: [String: [ObservedRecord]] = [:]
        for list in lists {
            observed[list.key] = try await client.list(list)
        }
        return observed
    }

    /// Proves the listings of `lists` (`PortSIPClient.confirm`), leaving the others.
    func confirm(_ observed: [String: [ObservedRecord]], for lists: [PortSIPList]) async throws
        -> [String: [ObservedRecord]]
    {
        var proved = observed
        for list in lists {
            proved[list.key] = try await client.confirm(observed[list.key] ?? [], in: list)
        }
        return proved
    }

    /// Lists every managed list completely and plans against it. A list whose plan has creates
    /// rests on the absence of numbers, so its listing is proved first (`PortSIPClient.confirm`).
    public func plan(_ desired: DesiredState) async throws -> (plan: Plan, observed: [String: [ObservedRecord]]) {
        var observed = try await observe(desired.namedLists)
        var plan = Plan(desired: desired, observed: observed)
        let creating = plan.lists.filter { $0.count(of: .create) > 0 }.map(\.list)
        if !creating.isEmpty {
            observed = try await confirm(observed, for: creating)
            plan = Plan(desired: desired, observed: observed)
        }
        return (try await withRelations(plan, desired: desired, observed: observed), observed)
    }

    /// Compares the server with the files: read off the plan (`plan(_:)`), whose creates are the
    /// records missing, so a list's listing is proved first when it has any.
    public func drift(_ desired: DesiredState, ignoreUnmanaged: Bool) async throws -> DriftReport {
        DriftReport(desired: desired, plan: try await plan(desired).plan, ignoreUnmanaged: ignoreUnmanaged)
    }

    /// Every record of `list` on the server, from a proved listing: what `export` writes.
    public func completeListing(of list: PortSIPList) async throws
        -> [ObservedRecord]
    {
        try await client.confirm(try await client.list(list), in: list)
    }

    /// Checks a saved plan against the server it is about to be applied to: the same server, and
    /// nothing it relies on changed since (`Staleness`). Returns the listings it checked against
    /// (of the lists the plan changes, and of the list that owns agents when agents change);
    /// throws a `Refusal` otherwise, or a `SavedPlanError` when its ids contradict the server.
    public func check(_ saved: SavedPlan) async throws -> [String: [ObservedRecord]] {
        guard ConnectionSettings.sameServer(saved.document.serverURL, client.settings.server) else {
            throw Refusal.otherServer(
                path: saved.path, planned: saved.document.serverURL, server: client.settings.server)
        }
        // Relation changes rest on their records' ids, and the safety threshold counts the records
        // whose relations change against all of them: their lists are read too.
        let lists = Self.lists(of: saved.changes)
        var observed = try await observe(lists)
        // Creates rest on the absence of their numbers: then the listing is proved.
        let creating = lists.filter { list in
            saved.changes.contains { $0.action == .create && $0.list.key == list.key }
        }
        observed = try await confirm(observed, for: creating)
        let stale =
            Staleness.check(saved.changes, against: observed)
            + (try await relationStaleness(of: saved, against: observed))
        guard stale.isEmpty else { throw Refusal.stale(path: saved.path, files: saved.document.desiredFiles, stale) }
        return observed
    }

    /// The lists some changes touch, in `PortSIPList.all` order.
    static func lists(of changes: [Change]) -> [PortSIPList] {
        PortSIPList.all.filter { list in changes.contains { $0.list.key == list.key } }
    }

    /// Applies changes and checks the server afterwards.
    ///
    /// A create whose outcome was unknown and that the check finds now counts as created: finding
    /// a record proves its commit, whatever listing finds it. Not finding it proves nothing, so it
    /// stays unknown and the report does not claim convergence.
    public func apply(_ changes: [Change], executor: Executor, verification: Verification) async -> ApplyReport {
        var report = await executor.run(changes)
        // Effects are checked on records; relations are read back as they are carried out.
        let changes = changes.filter(\.isRecordChange)
        if case .skip = verification { return report }
        var after: [String: [ObservedRecord]]
        do {
            // "Still missing" rests on absence: prove a listing before saying so.
            switch verification {
            case .replan(let desired, _):
                after = try await observe(desired.namedLists)
                let creating = Plan(desired: desired, observed: after).lists.filter { $0.count(of: .create) > 0 }
                after = try await confirm(after, for: creating.map(\.list))
            case .effects:
                after = try await observe(Self.lists(of: changes))
                after = try await confirm(
                    after, for: Self.lists(of: changes.filter { $0.action == .create }))
            case .skip:
                return report
            }
        } catch let error as PortSIPError {
            report.verificationError = error
            return report
        } catch {
            return report
        }
        var oldest: [String: [ExactText: ObservedRecord]] = [:]
        for (key, records) in after { oldest[key] = ServerListing(records).managed }
        for index in report.entries.indices {
            let change = report.entries[index].change
            guard case .unknown = report.entries[index].outcome,
                let record = oldest[change.list.key]?[ExactText(change.number)]
            else { continue }
            report.entries[index].outcome = .created(id: record.id, foundByLookup: true)
            report.ambiguousCreatesResolved += 1
        }
        switch verification {
        case .replan(let desired, let before):
            var leftover = Plan(desired: desired, observed: after)
            if let withRelations = try? await withRelations(leftover, desired: desired, observed: after) {
                leftover = withRelations
            }
            report.leftover = leftover
            let earlier = Plan(desired: desired, observed: before)
            report.newDuplicates = leftover.lists.flatMap { list -> [ServerDuplicate] in
                let known = Set((earlier[list.list]?.duplicates ?? []).map { ExactText($0.number) })
                return list.duplicates.filter { !known.contains(ExactText($0.number)) }
            }
        case .effects:
            let attempted = report.recordEntries.filter { $0.outcome.succeeded }.map(\.change)
            report.unmetEffects = ChangeEffect.unmet(attempted, in: after)
        case .skip:
            break
        }
        return report
    }
}
