import FileWriting
import NumSyncCore

/// One `numsync apply` against one PBX, from the plan to the report: plan the files or check a
/// saved plan, judge the plan against the safety threshold, carry it out and check the result.
/// The command prints, asks for confirmation, and picks the exit code.
public struct ApplySession: Sendable {
    /// A plan ready to apply: what it is shown with, and how the server is checked afterwards.
    public struct Prepared: Sendable {
        /// The plan.
        public var plan: Plan
        /// Where it came from and the safety threshold's verdict.
        public var context: PlanContext
        /// How the apply is checked afterwards.
        public var verification: Reconciler.Verification
        /// Said before applying a saved plan whose PBX version changed since it was made.
        public var versionWarning: String? = nil
    }

    /// The reconciler, over the PBX's client.
    public var reconciler: Reconciler
    /// The safety threshold.
    public var threshold: SafetyThreshold
    /// Whether `--force` overrides the threshold's refusal.
    public var force: Bool
    /// Whether the writes are only shown.
    public var dryRun: Bool
    /// The policy every plan is checked against (`--policy`), if any.
    public var policy: Policy?
    /// Whether to read the PBX's version for the report (`--report`); a saved plan's is always
    /// read, to compare.
    public var readsVersion = false

    /// Creates a session.
    public init(client: PortSIPClient, threshold: SafetyThreshold, force: Bool, dryRun: Bool, policy: Policy? = nil) {
        self.policy = policy
        self.reconciler = Reconciler(client: client)
        self.threshold = threshold
        self.force = force
        self.dryRun = dryRun
    }

    private var server: String { reconciler.client.settings.server.description }

    /// Plans the files against the server; afterwards the server is planned again.
    public func prepare(_ loaded: DesiredStateLoader.Result) async throws -> Prepared {
        let (plan, observed) = try await reconciler.plan(loaded.state)
        var context = PlanContext(
            server: server, files: loaded.files, digest: loaded.digest, desiredCount: loaded.state.entryCount)
        context.policy = policy?.check(plan, desired: loaded.state)
        if readsVersion { context.serverVersion = try await reconciler.client.serverVersion() }
        return Prepared(
            plan: plan, context: context.judging(plan, by: threshold, force: force),
            verification: dryRun ? .skip : .replan(loaded.state, before: observed))
    }

    /// Checks a saved plan against the server (throws a `Refusal` or a `SavedPlanError`) and puts
    /// it back together as it was shown; afterwards each change's effect is checked.
    public func prepare(_ saved: SavedPlan) async throws -> Prepared {
        let observed = try await reconciler.check(saved)
        let plan = saved.plan(serverCounts: observed.mapValues(\.count))
        var context = PlanContext(
            server: server, files: saved.document.desiredFiles, digest: saved.document.desiredDigest,
            desiredCount: saved.document.desiredNumbers)
        // The policy given now, not the one the plan was made under: a saved plan has no desired
        // state, so `number_pattern` covers the numbers it creates.
        context.policy = policy?.check(plan, desired: nil)
        context.serverVersion = try await reconciler.client.serverVersion()
        var prepared = Prepared(
            plan: plan, context: context.judging(plan, by: threshold, force: force),
            verification: dryRun ? .skip : .effects)
        if let planned = saved.document.serverVersion, planned != context.serverVersion {
            prepared.versionWarning =
                "the PBX's version changed since the plan \(saved.path) was made (\(planned) then, "
                + "\(context.serverVersion ?? "unknown") now); its changes were checked against the server, but "
                + "review them, or make a new plan"
        }
        return prepared
    }

    /// Carries out the plan's changes and checks the server afterwards; never throws.
    public func apply(
        _ prepared: Prepared, parallelism: Int, stop: StopSignal,
        progress: (@Sendable (ApplyReport.Outcome) -> Void)? = nil
    ) async -> ApplyReport {
        let executor = Executor(
            client: reconciler.client, parallelism: parallelism, writes: dryRun ? .show : .send, stop: stop,
            progress: progress)
        var report = await reconciler.apply(
            prepared.plan.changes, executor: executor, verification: prepared.verification)
        if !report.dryRun, prepared.context.forced { report.forcedOver = prepared.context.refusal }
        report.serverVersion = prepared.context.serverVersion
        return report
    }
}

extension PlanContext {
    /// The context with the safety threshold's verdict on `plan`: the refusal the plan shows
    /// (counting what it shows, relation changes included) and whether `force` overrides it.
    public func judging(_ plan: Plan, by threshold: SafetyThreshold, force: Bool) -> PlanContext {
        var context = self
        context.refusal = threshold.refusal(of: plan)
        context.forced = force && context.refusal != nil
        return context
    }
}

extension ApplyReport {
    /// Writes the report as JSON (`apply --report`), atomically.
    public func save(to path: String, server: String) throws(AtomicFile.WriteError) {
        try AtomicFile.write(ApplyReportDocument(self, server: server).encoded(), to: path, overwrite: true)
    }
}
