import ArgumentParser
import FileWriting
import NumSync
import NumSyncCore

/// What `numsync apply` does for one PBX, once its options are checked: load the files or the
/// saved plan, plan, ask, apply, report and notify.
struct ApplyFrontend {
    /// The command, with its options.
    let command: ApplyCommand

    private var desired: DesiredStateOptions { command.desired }
    private var connection: ConnectionOptions { command.connection }
    private var safety: SafetyOptions { command.safety }
    private var notify: NotifyOptions { command.notify }
    private var plan: String? { command.plan }
    private var maxPlanAge: String? { command.maxPlanAge }
    private var autoApprove: Bool { command.autoApprove }
    private var shownAbove: String? { command.shownAbove }
    private var dryRun: Bool { command.dryRun }
    private var report: String? { command.report }
    private var noColor: Bool { command.noColor }

    private var style: TextStyle {
        TextStyle(colored: !noColor && (Terminal.environment["NO_COLOR"] ?? "").isEmpty && Terminal.outputIsTerminal)
    }

    /// Applies, and notifies a failure that ended the run before its report.
    func run() async throws {
        let notified = NotificationLatch()
        do {
            try await applyOnce(notified: notified)
        } catch {
            // A run that ended before its report says so; one that reported has said how it ended.
            if !dryRun, await !notified.isSet {
                await notify.send(
                    .failed("apply", server: connection.serverName, exitCode: (error as? ExitCode)?.rawValue))
            }
            throw error
        }
    }

    private func applyOnce(notified: NotificationLatch) async throws {
        if let report { try AtomicFile.requireWritable(report, for: "--report") }
        let saved = try plan.map { path in
            do { return try SavedPlan.load(path) } catch let error as SavedPlanError { throw ExitStatus.fail(error) }
        }
        if let saved, let limit = try planAgeLimit() {
            // Before any request: an old approval is not carried out, whatever the server holds.
            do { try saved.checkAge(limit, now: Timestamp(rfc3339: Terminal.now())!) } catch {
                throw ExitStatus.fail(error)
            }
        }
        let loaded = saved == nil ? try desired.load(style: style) : nil
        let policy = try safety.loadPolicy(style: style)
        try await connection.withClient { client in
            var session = ApplySession(
                client: client, threshold: safety.threshold, force: safety.force, dryRun: dryRun, policy: policy)
            session.readsVersion = report != nil
            let prepared: ApplySession.Prepared
            do {
                if let saved {
                    prepared = try await session.prepare(saved)
                } else {
                    prepared = try await session.prepare(loaded!)
                }
            } catch let refusal as Refusal {
                throw ExitStatus.fail(refusal)
            } catch let error as SavedPlanError {
                throw ExitStatus.fail(error)
            }
            try RelationChecks.check(prepared.plan, style: style)
            if let warning = prepared.versionWarning { Terminal.warning(warning) }
            do {
                try await session.checkPermissions(prepared.plan)
            } catch let refusal as PermissionRefusal {
                Terminal.error(refusal.description)
                throw ExitCode(ExitStatus.error)
            }
            try await carryOut(prepared, session: session, isSaved: saved != nil, notified: notified)
        }
    }

    /// Shows the plan, asks (unless it is a saved plan, which is the approval, as in Terraform),
    /// applies it, and reports.
    private func carryOut(
        _ prepared: ApplySession.Prepared, session: ApplySession, isSaved: Bool, notified: NotificationLatch
    ) async throws {
        let (plan, context) = (prepared.plan, prepared.context)
        // An empty plan's report says so too: a pipeline reads this run's report, never an old one.
        let nothing = ApplyReport(entries: [], dryRun: dryRun, interrupted: false)
        if isSaved, plan.isEmpty {
            Terminal.out("No changes. The saved plan has nothing to do.\n")
            try save(nothing, server: context.server)
            return await notifyClean(nothing, server: context.server, notified: notified)
        }
        if let shownAbove {
            Terminal.out("applying \(shownAbove)'s plan (shown above)\n")
        } else {
            Terminal.out(PlanTextRenderer(style: style).render(plan, context: context))
        }
        guard !plan.isEmpty else {
            try save(nothing, server: context.server)
            return await notifyClean(nothing, server: context.server, notified: notified)
        }
        // A dry run shows what would be sent, over the threshold too, and then exits as plan does.
        if !dryRun { try safety.check(context) }
        if !isSaved, !autoApprove, !dryRun { try Terminal.confirmApply(to: context.server) }
        let stop = StopSignal()
        let watcher = await Interruption.watch(stop)
        let client = session.reconciler.client
        let progress = ApplyProgress(
            total: plan.changes.filter(\.isRecordChange).count, terminal: Terminal.errorIsTerminal,
            pacing: { client.pacingPerMinute }
        ) { Terminal.err($0) }
        let report = await session.apply(
            prepared, parallelism: connection.parallelism, stop: stop, progress: { progress.record($0) })
        progress.finish()
        watcher.cancel()
        let renderer = ApplyReportRenderer(style: style)
        if report.dryRun { Terminal.out("\nRequests that would be sent:\n" + renderer.dryRunRequests(report)) }
        Terminal.out("\n" + renderer.summary(report))
        try save(report, server: context.server)
        if !report.dryRun {
            await notified.set()
            await notify.send(.apply(report, server: context.server))
        }
        if report.interrupted { throw ExitCode(ExitStatus.interrupted) }
        if report.dryRun, let verdict = context.policy, !verdict.holds {
            Terminal.error("apply will refuse this plan: \(verdict.line); --force does not lift a policy.")
            throw ExitCode(ExitStatus.refused)
        }
        if report.dryRun, let refusal = context.refusal, !context.forced {
            Terminal.error(refusal.planNotice)
            throw ExitCode(ExitStatus.refused)
        }
        if !report.converged { throw ExitCode(ExitStatus.partial) }
    }

    /// Says that there was nothing to do, to webhooks that want every run (`--notify-on always`).
    private func notifyClean(_ report: ApplyReport, server: String, notified: NotificationLatch) async {
        guard !dryRun else { return }
        await notified.set()
        await notify.send(.apply(report, server: server))
    }

    /// Writes `--report`, if asked; a report that cannot be saved is an error (exit 1).
    private func save(_ report: ApplyReport, server: String) throws {
        guard let path = self.report else { return }
        do {
            try report.save(to: path, server: server)
        } catch {
            Terminal.error("the apply ran (see above), but its report could not be saved: \(error.description)")
            throw ExitCode(ExitStatus.error)
        }
    }

    /// `--max-plan-age`, or `NUMSYNC_MAX_PLAN_AGE` when the option is not given; nil for neither.
    private func planAgeLimit() throws -> PlanAgeLimit? {
        if let maxPlanAge { return PlanAgeLimit(maxPlanAge) }
        guard let text = Terminal.environment["NUMSYNC_MAX_PLAN_AGE"], !text.isEmpty else { return nil }
        guard let limit = PlanAgeLimit(text) else {
            Terminal.error(PlanAgeLimit.notADuration("NUMSYNC_MAX_PLAN_AGE", text))
            throw ExitCode(ExitStatus.error)
        }
        return limit
    }
}

/// Whether a run's notification was sent, so that an error after it does not send another.
private actor NotificationLatch {
    private(set) var isSet = false

    func set() { isSet = true }
}
