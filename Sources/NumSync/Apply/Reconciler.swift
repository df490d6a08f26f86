import NumSyncCore

/// The steps every command that talks to a server shares: read the server, plan, apply and
/// check the result.
public struct Reconciler: Sendable {
    /// How to check an apply afterwards.
    public enum Verification: Sendable {
        /// List again and plan again from the desired state; anything left over is reported.
        case replan(DesiredState, PlanPolicy, before: [ObservedNumber])
        /// List again and check that each operation's effect is there (for saved plans).
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

    /// Lists the server completely and plans against it. A plan with creates rests on the
    /// absence of numbers, so its listing is proved first (`PortSIPClient.confirm`).
    public func plan(_ desired: DesiredState, policy: PlanPolicy) async throws -> (
        plan: Plan, observed: [ObservedNumber]
    ) {
        var observed = try await client.list(.exclusiveNumbers)
        var plan = Plan(desired: desired, observed: observed, policy: policy)
        if plan.count(of: .create) > 0 {
            observed = try await client.confirm(observed, in: .exclusiveNumbers)
            plan = Plan(desired: desired, observed: observed, policy: policy)
        }
        return (plan, observed)
    }

    /// Compares the server with the files. Numbers reported missing rest on their absence, so
    /// the listing is proved first when there are any.
    public func drift(_ desired: DesiredState, ignoreUnmanaged: Bool) async throws -> DriftReport {
        var observed = try await client.list(.exclusiveNumbers)
        var report = DriftReport(desired: desired, observed: observed, ignoreUnmanaged: ignoreUnmanaged)
        if !report.missing.isEmpty {
            observed = try await client.confirm(observed, in: .exclusiveNumbers)
            report = DriftReport(desired: desired, observed: observed, ignoreUnmanaged: ignoreUnmanaged)
        }
        return report
    }

    /// Every record on the server, from a proved listing: what `export` writes.
    public func completeListing() async throws -> [ObservedNumber] {
        try await client.confirm(try await client.list(.exclusiveNumbers), in: .exclusiveNumbers)
    }

    /// Checks a saved plan against the server it is about to be applied to: the same server, and
    /// nothing it relies on changed since (`Staleness`). Returns the listing it checked against;
    /// throws a `Refusal` otherwise.
    public func check(_ saved: SavedPlan) async throws -> [ObservedNumber] {
        guard ConnectionSettings.sameServer(saved.document.serverURL, client.settings.server) else {
            throw Refusal.otherServer(
                path: saved.path, planned: saved.document.serverURL, server: client.settings.server)
        }
        // Creates rest on the absence of their numbers: then the listing is proved.
        let observed =
            saved.changes.contains { $0.action == .create }
            ? try await completeListing() : try await client.list(.exclusiveNumbers)
        let stale = Staleness.check(saved.changes, against: observed)
        guard stale.isEmpty else { throw Refusal.stale(path: saved.path, stale) }
        return observed
    }

    /// Applies operations and checks the server afterwards.
    ///
    /// A create whose outcome was unknown and that the check finds now counts as created: finding
    /// a record proves its commit, whatever listing finds it. Not finding it proves nothing, so it
    /// stays unknown and the report does not claim convergence.
    public func apply(_ operations: [Change], executor: Executor, verification: Verification) async -> ApplyReport {
        var report = await executor.run(operations)
        if case .skip = verification { return report }
        var after: [ObservedNumber]
        do {
            after = try await client.list(.exclusiveNumbers)
            // "Still missing" rests on absence: prove the listing before saying so.
            let absenceMatters: Bool
            switch verification {
            case .replan(let desired, let policy, _):
                absenceMatters = Plan(desired: desired, observed: after, policy: policy).count(of: .create) > 0
            case .effects:
                absenceMatters = operations.contains { $0.action == .create }
            case .skip:
                absenceMatters = false
            }
            if absenceMatters { after = try await client.confirm(after, in: .exclusiveNumbers) }
        } catch let error as PortSIPError {
            report.verificationError = error
            return report
        } catch {
            return report
        }
        let oldest = ServerListing(after).managed
        for index in report.entries.indices {
            guard case .unknown = report.entries[index].outcome,
                let record = oldest[ExactText(report.entries[index].change.number)]
            else { continue }
            report.entries[index].outcome = .created(id: record.id, foundByLookup: true)
            report.ambiguousCreatesResolved += 1
        }
        switch verification {
        case .replan(let desired, let policy, let before):
            let leftover = Plan(desired: desired, observed: after, policy: policy)
            report.leftover = leftover
            let earlier = Set(
                Plan(desired: desired, observed: before, policy: policy).duplicates.map { ExactText($0.number) })
            report.newDuplicates = leftover.duplicates.filter { !earlier.contains(ExactText($0.number)) }
        case .effects:
            let attempted = report.entries.filter { $0.outcome.succeeded }.map(\.change)
            report.unmetEffects = OperationEffect.unmet(attempted, in: after)
        case .skip:
            break
        }
        return report
    }
}
