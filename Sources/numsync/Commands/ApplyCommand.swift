import ArgumentParser
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
            unknown" (exit 3) when it is not there yet; the next plan decides. Ctrl-C lets changes in flight finish and prints the summary.

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

    @Option(
        help: ArgumentHelp(
            "Refuse a saved plan made longer ago than this: 90s, 30m, 2h, 1d, 1h30m (or NUMSYNC_MAX_PLAN_AGE).",
            valueName: "duration"))
    var maxPlanAge: String?

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

    @OptionGroup var notify: NotifyOptions
    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        if let maxPlanAge {
            guard PlanAgeLimit(maxPlanAge) != nil else {
                throw ValidationError(PlanAgeLimit.notADuration("--max-plan-age", maxPlanAge))
            }
            guard plan != nil else { throw ValidationError("--max-plan-age applies to a saved plan (--plan)") }
        }
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

    func run() async throws {
        if targets.isActive {
            try await targets.run("apply", fleet: fleet, connection: connection, notify: notify) {
                try await $0.apply(safety: safety, autoApprove: autoApprove, dryRun: dryRun)
            }
        }
        try await ApplyFrontend(command: self).run()
    }
}
