import ArgumentParser
import FileWriting
import Foundation
import NumSync
import NumSyncCore

/// `numsync apply`: make the server match the files, or carry out a saved plan.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Plan, confirm, and make the server match the files (or apply a saved plan).",
        discussion: """
            Asks for "yes" on a terminal; refuses without --auto-approve when standard input is not \
            a terminal. A saved plan (--plan) is the approval, as in Terraform: it is applied as \
            shown, without asking, once it is checked not to be stale. A create that got no answer \
            is never sent again in the same run: it is looked up, and reported as "outcome \
            unknown" (exit 3) when it is not there yet; the next plan decides. Ctrl-C lets operations in flight finish and prints the summary.

            Example:
              numsync apply numbers/ --auto-approve --report report.json
              numsync apply numbers.yaml --dry-run
              numsync plan numbers.yaml --out plan.json && numsync apply --plan plan.json
            """
    )

    @OptionGroup var desired: DesiredStateOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var safety: SafetyOptions

    @Option(help: "Apply exactly this saved plan (from numsync plan --out), after checking it is not stale.")
    var plan: String?

    @Flag(help: "Do not ask for confirmation (for pipelines). A saved plan is applied without asking.")
    var autoApprove = false

    /// Set by `apply --targets` for each target's run: the plan was printed by the plan stage.
    @Option(help: .hidden)
    var shownAbove: String?

    @Flag(help: "Do everything but the writes: print the exact requests that would be sent.")
    var dryRun = false

    @Option(help: "Write what happened as JSON to this file.")
    var report: String?

    @Flag(help: "No colour, even on a terminal (NO_COLOR does the same).")
    var noColor = false

    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        if plan != nil, !desired.paths.isEmpty {
            throw ValidationError("pass either desired-state files or --plan, not both")
        }
        try targets.check(paths: desired.paths, fleet: fleet, connection: connection)
        if targets.isActive, plan != nil || report != nil {
            throw ValidationError(
                "with --targets, each target's plan is shown and then applied as saved, and reports go to "
                    + "--report-dir DIR/<target>.apply.json; --plan and --report are for one PBX")
        }
    }

    private var style: TextStyle {
        TextStyle(colored: !noColor && (Terminal.environment["NO_COLOR"] ?? "").isEmpty && Terminal.outputIsTerminal)
    }

    func run() async throws {
        if targets.isActive {
            try await targets.run("apply", fleet: fleet, connection: connection) {
                try await $0.apply(safety: safety, autoApprove: autoApprove, dryRun: dryRun)
            }
        }
        if let report { try AtomicFile.requireWritable(report, for: "--report") }
        if let plan {
            try await applySaved(plan)
        } else {
            try await applyFiles()
        }
    }

    private func applyFiles() async throws {
        let loaded = try desired.load(style: style)
        try await connection.withClient { client in
            let reconciler = Reconciler(client: client)
            let (plan, observed) = try await reconciler.plan(loaded.state)
            try RelationChecks.check(plan, style: style)
            let context = safety.judge(
                plan,
                in: PlanContext(
                    server: client.settings.server.description, files: loaded.files, digest: loaded.digest,
                    desiredCount: loaded.state.entryCount))
            Terminal.out(PlanTextRenderer(style: style).render(plan, context: context))
            guard !plan.isEmpty else {
                // The report says so too: a pipeline reads this run's report, never an old one.
                try saveReport(ApplyReport(entries: [], dryRun: dryRun, interrupted: false), server: context.server)
                return
            }
            // A dry run shows what would be sent, over the threshold too, and then exits as plan does.
            if !dryRun { try safety.check(context) }
            try confirm(server: client.settings.server.description)
            let report = await execute(
                plan.changes, reconciler: reconciler,
                verification: dryRun ? .skip : .replan(loaded.state, before: observed))
            try finish(report, context: context)
        }
    }

    private func applySaved(_ path: String) async throws {
        let saved: SavedPlan
        do {
            saved = try SavedPlan.load(path)
        } catch {
            throw ExitStatus.fail(error)
        }
        try await connection.withClient { client in
            let reconciler = Reconciler(client: client)
            let observed: [String: [ObservedRecord]]
            do {
                observed = try await reconciler.check(saved)
            } catch let refusal as Refusal {
                throw ExitStatus.fail(refusal)
            } catch let error as SavedPlanError {
                throw ExitStatus.fail(error)
            }
            let plan = saved.plan(serverCounts: observed.mapValues(\.count))
            let context = safety.judge(
                plan,
                in: PlanContext(
                    server: client.settings.server.description, files: saved.document.desiredFiles,
                    digest: saved.document.desiredDigest, desiredCount: saved.document.desiredNumbers))
            guard !plan.isEmpty else {
                Terminal.out("No changes. The saved plan has nothing to do.\n")
                try saveReport(ApplyReport(entries: [], dryRun: dryRun, interrupted: false), server: context.server)
                return
            }
            if let shownAbove {
                Terminal.out("applying \(shownAbove)'s plan (shown above)\n")
            } else {
                Terminal.out(PlanTextRenderer(style: style).render(plan, context: context))
            }
            if !dryRun { try safety.check(context) }
            // Applying a saved plan is the approval, as in Terraform: it is applied without asking,
            // exactly as it was shown and reviewed, after the checks that it is not stale.
            let report = await execute(
                plan.changes, reconciler: reconciler, verification: dryRun ? .skip : .effects)
            try finish(report, context: context)
        }
    }

    /// Asks for "yes" on a terminal; refuses when nobody can answer.
    private func confirm(server: String) throws {
        guard !autoApprove, !dryRun else { return }
        guard Terminal.inputIsTerminal else {
            Terminal.error(
                "refusing to apply without confirmation: standard input is not a terminal. "
                    + "Pass --auto-approve in pipelines (nothing was written).")
            throw ExitCode(ExitStatus.error)
        }
        Terminal.out("\nApply these changes to \(server)?\n  Only 'yes' will be accepted: ")
        guard readLine() == "yes" else {
            Terminal.err("Apply cancelled; nothing was written.\n")
            throw ExitCode(ExitStatus.error)
        }
    }

    private func execute(
        _ changes: [Change], reconciler: Reconciler, verification: Reconciler.Verification
    ) async -> ApplyReport {
        let stop = StopSignal()
        let watcher = await Interruption.watch(stop)
        let client = reconciler.client
        let progress = ApplyProgress(
            total: changes.filter(\.isRecordChange).count, terminal: Terminal.errorIsTerminal,
            pacing: { client.pacingPerMinute }
        ) { Terminal.err($0) }
        let executor = Executor(
            client: reconciler.client, parallelism: connection.parallelism, writes: dryRun ? .show : .send,
            stop: stop, progress: { progress.record($0) })
        let report = await reconciler.apply(changes, executor: executor, verification: verification)
        progress.finish()
        watcher.cancel()
        return report
    }

    private func finish(_ report: ApplyReport, context: PlanContext) throws {
        var report = report
        if !report.dryRun, context.forced { report.forcedOver = context.refusal }
        let renderer = ApplyReportRenderer(style: style)
        if report.dryRun {
            Terminal.out("\nRequests that would be sent:\n" + renderer.dryRunRequests(report))
        }
        Terminal.out("\n" + renderer.summary(report))
        try saveReport(report, server: context.server)
        if report.interrupted { throw ExitCode(ExitStatus.interrupted) }
        if report.dryRun, let refusal = context.refusal, !context.forced {
            Terminal.error(refusal.planNotice)
            throw ExitCode(ExitStatus.refused)
        }
        if !report.converged { throw ExitCode(ExitStatus.partial) }
    }

    /// Writes `--report`, if asked; a report that cannot be saved is an error (exit 1).
    private func saveReport(_ report: ApplyReport, server: String) throws {
        guard let path = self.report else { return }
        do {
            try AtomicFile.write(ApplyReportDocument(report, server: server).encoded(), to: path, overwrite: true)
        } catch {
            Terminal.error("the apply ran (see above), but its report could not be saved: \(error.description)")
            throw ExitCode(ExitStatus.error)
        }
    }
}
