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

    /// Lists the server completely and plans against it.
    public func plan(_ desired: DesiredState, policy: PlanPolicy) async throws -> (
        plan: Plan, observed: [ObservedNumber]
    ) {
        let observed = try await client.list(.exclusiveNumbers)
        return (Plan(desired: desired, observed: observed, policy: policy), observed)
    }

    /// Applies operations and checks the server afterwards.
    public func apply(_ operations: [Operation], executor: Executor, verification: Verification) async -> ApplyReport {
        var report = await executor.run(operations)
        if case .skip = verification { return report }
        let after: [ObservedNumber]
        do {
            after = try await client.list(.exclusiveNumbers)
        } catch let error as PortSIPError {
            report.verificationError = error
            return report
        } catch {
            return report
        }
        switch verification {
        case .replan(let desired, let policy, let before):
            let leftover = Plan(desired: desired, observed: after, policy: policy)
            report.leftover = leftover
            let earlier = Set(Plan(desired: desired, observed: before, policy: policy).duplicates.map(\.number))
            report.newDuplicates = leftover.duplicates.filter { !earlier.contains($0.number) }
        case .effects:
            let attempted = report.entries.filter { $0.outcome.succeeded }.map(\.operation)
            report.unmetEffects = OperationEffect.unmet(attempted, in: after)
        case .skip:
            break
        }
        return report
    }
}
