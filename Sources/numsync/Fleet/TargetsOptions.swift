import ArgumentParser
import NumSync
import NumSyncCore

/// `--targets FILE` and which of its targets to run.
struct TargetsOptions: ParsableArguments {
    @Option(help: "Run for each target of this targets file (e.g. numsync.targets.yaml) instead of one PBX.")
    var targets: String?

    @Option(name: .customLong("target"), help: "Only this target: a name or a glob such as 'eu-*' (repeatable).")
    var names: [String] = []

    @Option(name: .customLong("select"), help: "Only targets with this label, key=value (repeatable; all must match).")
    var selectors: [String] = []

    @Option(name: .customLong("exclude"), help: "Leave out this target: a name or a glob (repeatable).")
    var excluded: [String] = []

    /// Whether the run is over a targets file.
    var isActive: Bool { targets != nil }

    func validate() throws {
        if targets != nil, TargetProcess.isTargetRun {
            // A target's files or arguments naming a targets file would start runs without end.
            throw ValidationError("--targets is refused inside a target's run: a target cannot run other targets")
        }
        if targets == nil, !names.isEmpty || !selectors.isEmpty || !excluded.isEmpty {
            throw ValidationError("--target, --select and --exclude choose among the targets of --targets FILE")
        }
    }

    /// The selected targets and all of them, paths resolved; on any problem prints every one
    /// and exits 1.
    func load() throws -> (selected: [Target], all: [Target]) {
        guard let path = targets else { return ([], []) }
        let (file, diagnostics) = TargetsFileLoader.load(path)
        guard let file else {
            Terminal.err(DiagnosticRenderer.text(diagnostics))
            if Terminal.environment["GITHUB_ACTIONS"] == "true" {
                Terminal.out(DiagnosticRenderer.githubAnnotations(diagnostics))
            }
            let errors = diagnostics.filter { $0.severity == .error }.count
            Terminal.error("\(errors) \(errors == 1 ? "problem" : "problems") in \(path); nothing was sent")
            throw ExitCode(ExitStatus.error)
        }
        let selection = TargetSelection(names: names, selectors: selectors, excluded: excluded)
        let (selected, problems) = selection.select(from: file.targets)
        guard problems.isEmpty else {
            for problem in problems { Terminal.error(problem.message) }
            throw ExitCode(ExitStatus.error)
        }
        return (selected, file.targets)
    }

    /// Runs `body` over the selected targets and exits with the code it returns.
    func run(
        _ command: String, fleet options: FleetOptions, connection: ConnectionOptions, notify: NotifyOptions? = nil,
        _ body: (Fleet) async throws -> Int32
    ) async throws -> Never {
        let (selected, all) = try load()
        var fleet = try Fleet(
            command: command, targets: selected, allTargets: all, options: options, connection: connection)
        fleet.notify = notify
        let code: Int32
        do {
            code = try await body(fleet)
        } catch {
            fleet.cleanUp()
            throw error
        }
        fleet.cleanUp()
        throw ExitCode(code)
    }

    /// Refuses what a run over a targets file cannot do; `paths` are the desired-state paths
    /// given on the command line.
    func check(paths: [String], fleet: FleetOptions, connection: ConnectionOptions?) throws {
        guard isActive else {
            if fleet.reportDir != nil { throw ValidationError("--report-dir needs --targets FILE") }
            return
        }
        if !paths.isEmpty {
            throw ValidationError(
                "with --targets, each target's files come from the targets file; leave out \(paths.joined(separator: " "))"
            )
        }
        try connection?.checkTargetsRun()
    }
}

/// How a run over several targets goes: how many at once, and where reports go.
struct FleetOptions: ParsableArguments {
    @Option(help: "With --targets: how many targets run at once.")
    var maxParallelTargets = 4

    @Option(help: "With --targets: write one JSON report per target, summary.json and summary.md here.")
    var reportDir: String?

    @Option(
        help:
            "With --targets: stop a target that runs longer than this many seconds and report it as timed out (0: no limit; default 30 minutes)."
    )
    var targetTimeout: Double = 1800

    func validate() throws {
        guard (1...64).contains(maxParallelTargets) else {
            throw ValidationError("--max-parallel-targets must be from 1 to 64")
        }
        guard targetTimeout.isFinite, targetTimeout >= 0, targetTimeout <= 7 * 24 * 3600 else {
            throw ValidationError("--target-timeout must be a number of seconds from 0 (no limit) to 604800")
        }
    }

    /// How long one target may run; nil for no limit.
    var targetDeadline: Duration? {
        targetTimeout > 0 ? .milliseconds(Int((targetTimeout * 1000).rounded())) : nil
    }
}
