import ArgumentParser
import FileWriting
import NumSync
import NumSyncCore

/// `numsync plan`: what apply would do.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Read the server and show what apply would change.",
        discussion: """
            Sends no write. With --out, saves the plan for `numsync apply --plan`.

            Example:
              numsync plan numbers.yaml
              numsync plan numbers/ --format markdown > plan.md
              numsync plan numbers.yaml --out plan.json --detailed-exitcode
            """
    )

    @OptionGroup var desired: DesiredStateOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var safety: SafetyOptions

    @Option(help: "Save the plan as JSON for `numsync apply --plan` (written atomically).")
    var out: String?

    @Flag(help: "Exit 0 when there are no changes, 2 when there are, 1 on error, 4 when apply would refuse the plan.")
    var detailedExitcode = false

    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        try targets.check(paths: desired.paths, fleet: fleet, connection: connection)
        if targets.isActive, out != nil || output.format != .text {
            throw ValidationError(
                "with --targets, plans are saved as --report-dir DIR/<target>.plan.json; --out and --format are for one PBX"
            )
        }
    }

    func run() async throws {
        if targets.isActive {
            try await targets.run("plan", fleet: fleet, connection: connection) {
                try await $0.plan(safety: safety, detailedExitcode: detailedExitcode)
            }
        }
        let loaded = try desired.load(style: output.style, computesDigest: out != nil || output.format == .json)
        let policy = try safety.loadPolicy(style: output.style)
        if let out { try AtomicFile.requireWritable(out, for: "--out") }
        // Plans that are saved or printed as JSON record the PBX's version.
        let recordsVersion = out != nil || output.format == .json
        let (plan, server, version) = try await connection.withClient { client in
            (
                try await Reconciler(client: client).plan(loaded.state).plan,
                client.settings.server.description,
                recordsVersion ? try await client.serverVersion() : nil
            )
        }
        try RelationChecks.check(plan, style: output.style)
        var context = safety.judge(
            plan,
            in: PlanContext(
                server: server, files: loaded.files, digest: loaded.digest, desiredCount: loaded.state.entryCount,
                createdAt: Terminal.now()))
        context.policy = policy?.check(plan, desired: loaded.state)
        context.serverVersion = version
        switch output.format {
        case .text: Terminal.out(PlanTextRenderer(style: output.style).render(plan, context: context))
        case .json: Terminal.out(PlanDocument(plan: plan, context: context).encoded())
        case .markdown: Terminal.out(PlanMarkdownRenderer().render(plan, context: context))
        }
        // Saved over the threshold too: the refusal is in the file, and apply refuses it again.
        if let out {
            do {
                try AtomicFile.write(PlanDocument(plan: plan, context: context).encoded(), to: out, overwrite: true)
            } catch {
                Terminal.error(error.description)
                throw ExitCode(ExitStatus.error)
            }
            Terminal.err("Saved the plan to \(out); apply it with: numsync apply --plan \(out)\n")
        }
        if let verdict = context.policy, !verdict.holds {
            Terminal.error("apply will refuse this plan: \(verdict.line); --force does not lift a policy.")
            throw ExitCode(ExitStatus.refused)
        }
        if let refusal = context.refusal, !context.forced {
            Terminal.error(refusal.planNotice)
            throw ExitCode(ExitStatus.refused)
        }
        if detailedExitcode, !plan.isEmpty { throw ExitCode(ExitStatus.changes) }
    }
}
