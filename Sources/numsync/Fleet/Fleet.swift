import ArgumentParser
import FileWriting
import Foundation
import NumSync
import NumSyncCore

/// Runs one command over several targets: each target is numsync itself, run again with that
/// target's files, URL and credentials (and nothing of the others'), at most
/// `--max-parallel-targets` at once. Each target's output is printed as one block, in the
/// targets file's order, as soon as it and those before it are done; a summary table follows,
/// and the exit code is the worst of the targets' (`TargetOutcome.worstExitCode`).
struct Fleet {
    /// What one stage of one target came to.
    struct StageResult: Sendable {
        var status: Int32
        var output: String
        var error: String
        var seconds: Double
        /// Whether it ran past `--target-timeout` and was stopped.
        var timedOut = false
    }

    /// The command, e.g. `plan`.
    let command: String
    /// The selected targets, in file order.
    let targets: [Target]
    /// Every variable any target of the file names: no target sees another's.
    let credentialVariables: Set<String>
    let options: FleetOptions
    let connection: ConnectionOptions
    /// Where the targets' reports are written: `--report-dir`, or a temporary directory.
    let reportDirectory: String
    private let keepsReports: Bool
    /// Where the fleet's run is posted, one message for all targets (`--notify`).
    var notify: NotifyOptions?
    private let stop = StopSignal()

    /// Prepares a run; fails (exit 1) when `--report-dir` cannot be made.
    init(command: String, targets: [Target], allTargets: [Target], options: FleetOptions, connection: ConnectionOptions)
        throws
    {
        self.command = command
        self.targets = targets
        self.credentialVariables = Set(allTargets.flatMap(\.credentials.variables))
        self.options = options
        self.connection = connection
        if let directory = options.reportDir {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                Terminal.error("--report-dir \(directory): \(error.localizedDescription); nothing was sent")
                throw ExitCode(ExitStatus.error)
            }
            reportDirectory = directory
            keepsReports = true
            // A target's file from an earlier run would be read as this run's result when this
            // run ends before writing its own (a target not started, a plan that failed).
            for target in targets {
                for kind in Self.reportKinds {
                    try? FileManager.default.removeItem(atPath: reportPath(target, kind))
                }
            }
        } else {
            reportDirectory = NSTemporaryDirectory() + "numsync-targets-\(UUID().uuidString)"
            try? FileManager.default.createDirectory(atPath: reportDirectory, withIntermediateDirectories: true)
            keepsReports = false
        }
    }

    /// Removes the temporary report directory (never `--report-dir`).
    func cleanUp() {
        if !keepsReports { try? FileManager.default.removeItem(atPath: reportDirectory) }
    }

    /// The kinds of a target's report files.
    static let reportKinds = ["plan", "apply", "drift"]

    /// The path of a target's report file, e.g. `eu-prod.plan.json`.
    func reportPath(_ target: Target, _ kind: String) -> String {
        reportDirectory + "/" + target.name + "." + kind + ".json"
    }

    /// The environment a target's run gets: this one without any PortSIP credentials or any
    /// target's variables, plus the target's URL, credentials and rate limit. Nil (and a
    /// message) when a variable the target names is not set.
    func environment(for target: Target, needsCredentials: Bool) -> (environment: [String: String]?, problem: String?) {
        let own = Terminal.environment
        var environment = own.filter { key, _ in !key.hasPrefix("PORTSIP_") && !credentialVariables.contains(key) }
        environment["NO_COLOR"] = "1"
        environment[TargetProcess.parentVariable] = String(getpid())
        if let rateLimit = target.rateLimit { environment["NUMSYNC_RATE_LIMIT"] = String(rateLimit) }
        guard needsCredentials else { return (environment, nil) }
        environment["PORTSIP_URL"] = target.url
        func value(_ variable: String, _ key: String) -> String? {
            guard let value = own[variable], !value.isEmpty else { return nil }
            return value
        }
        switch target.credentials {
        case .token(let variable):
            guard let token = value(variable, "token_env") else {
                return (nil, "the environment variable \(variable) (its token_env) is not set or empty")
            }
            environment["PORTSIP_TOKEN"] = token
        case .account(let usernameVariable, let passwordVariable, let domain):
            for (variable, key) in [(usernameVariable, "username_env"), (passwordVariable, "password_env")]
            where value(variable, key) == nil {
                return (nil, "the environment variable \(variable) (its \(key)) is not set or empty")
            }
            environment["PORTSIP_USERNAME"] = own[usernameVariable]
            environment["PORTSIP_PASSWORD"] = own[passwordVariable]
            if let domain { environment["PORTSIP_DOMAIN"] = domain }
        }
        return (environment, nil)
    }

    /// The desired-state arguments of a target, last on its command line: its paths come after
    /// `--`, so that none is read as an option whatever the targets file says.
    func files(of target: Target) -> [String] {
        (target.recursive ? ["--recursive"] : []) + ["--"] + target.files
    }

    /// The connection flags a target's run gets: this run's, with the target's CA certificate
    /// (joined to its option, so that it is never read as one).
    func connectionArguments(for target: Target) -> [String] {
        connection.childArguments(rateLimitOverridden: target.rateLimit != nil)
            + (target.caCertificate.map { ["--ca-cert=" + $0] } ?? [])
    }

    /// Runs `arguments(target)` for each of `targets`, printing each target's block in order.
    ///
    /// Targets on the same PBX (`ServerAddress.serverKey`) never run at once: the PBX has one
    /// request limit, and each target's run paces itself to all of it. When `needsCredentials`
    /// is false (nothing is sent), they may.
    func stage(
        _ targets: [Target], needsCredentials: Bool = true, heading: (Target, StageResult) -> String,
        arguments: (Target) -> [String]
    ) async -> [String: StageResult] {
        let watcher = await Interruption.watchTargets(stop)
        defer { watcher.cancel() }
        var results: [String: StageResult] = [:]
        var printed = 0
        let limit = options.maxParallelTargets
        let jobs: [(Target, [String], [String: String]?, String?)] = targets.map { target in
            let (environment, problem) = environment(for: target, needsCredentials: needsCredentials)
            return (target, arguments(target), environment, problem)
        }
        func server(_ job: Int) -> String? {
            guard needsCredentials, jobs[job].2 != nil else { return nil }
            return (try? ServerAddress(jobs[job].0.url))?.serverKey ?? jobs[job].0.url
        }
        await withTaskGroup(of: (Int, StageResult).self) { group in
            var waiting = Array(jobs.indices)
            var busy = Set<String>()
            var running = 0
            let stop = self.stop
            /// Starts the first waiting target whose PBX is free; false when none can start now.
            func startNext() -> Bool {
                guard running < limit,
                    let position = waiting.firstIndex(where: { server($0).map { !busy.contains($0) } ?? true })
                else { return false }
                let index = waiting.remove(at: position)
                if let key = server(index) { busy.insert(key) }
                running += 1
                let (target, arguments, environment, problem) = jobs[index]
                group.addTask {
                    guard let environment, !stop.isRaised else {
                        let message =
                            problem.map { "error: target \(target.name): \($0); it was not run\n" }
                            ?? "Interrupted: target \(target.name) was not started.\n"
                        return (
                            index,
                            StageResult(
                                status: problem == nil ? ExitStatus.interrupted : ExitStatus.error, output: "",
                                error: message, seconds: 0)
                        )
                    }
                    let started = ContinuousClock.now
                    let run = await ChildRun.run(arguments, environment: environment, deadline: options.targetDeadline)
                    var error = hidingTemporaryPaths(run.error)
                    if run.timedOut {
                        error += "error: target \(target.name) ran longer than --target-timeout "
                        error += "(\(FleetSummaryRenderer.seconds(options.targetTimeout)) s) and was stopped\n"
                    }
                    return (
                        index,
                        StageResult(
                            status: run.status, output: run.output, error: error,
                            seconds: (ContinuousClock.now - started).secondsValue, timedOut: run.timedOut)
                    )
                }
                return true
            }
            while startNext() {}
            while let (index, result) = await group.next() {
                running -= 1
                if let key = server(index) { busy.remove(key) }
                results[jobs[index].0.name] = result
                // Blocks in file order: print every finished target up to the first unfinished.
                while printed < jobs.count, let done = results[jobs[printed].0.name] {
                    printBlock(jobs[printed].0, done, heading: heading(jobs[printed].0, done))
                    printed += 1
                }
                while startNext() {}
            }
        }
        return results
    }

    /// Without `--report-dir`, reports go to a directory removed at the end: a target's hint
    /// naming a file there ("Saved the plan to ...") would point at nothing, so it is left out.
    private func hidingTemporaryPaths(_ text: String) -> String {
        guard !keepsReports, text.contains(reportDirectory) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains(reportDirectory) }.joined(separator: "\n")
    }

    private func printBlock(_ target: Target, _ result: StageResult, heading: String) {
        let github = Terminal.environment["GITHUB_ACTIONS"] == "true"
        if github {
            Terminal.out("::group::\(heading)\n")
        } else {
            let rule = String(repeating: "─", count: max(3, 72 - heading.count - 4))
            Terminal.out("\n── \(heading) \(rule)\n")
        }
        Terminal.out(result.output)
        if !result.output.isEmpty, !result.output.hasSuffix("\n") { Terminal.out("\n") }
        Terminal.err(result.error)
        if github { Terminal.out("::endgroup::\n") }
    }

    /// Prints the summary, writes `summary.json` and `summary.md` into `--report-dir`, and
    /// returns the exit code.
    func finish(_ outcomes: [TargetOutcome], outputs: [String: String]) async throws -> Int32 {
        let exitCode = TargetOutcome.worstExitCode(outcomes.map(\.exitCode))
        if let notify {
            await notify.send(
                .fleet(
                    command: command, outcomes: outcomes,
                    document: FleetSummaryDocument(command: command, outcomes: outcomes, exitCode: exitCode).encoded()))
        }
        let renderer = FleetSummaryRenderer(command: command)
        Terminal.out(renderer.text(outcomes, exitCode: exitCode))
        if keepsReports {
            let summary = FleetSummaryDocument(command: command, outcomes: outcomes, exitCode: exitCode)
            do {
                try AtomicFile.write(summary.encoded(), to: reportDirectory + "/summary.json", overwrite: true)
                try AtomicFile.write(
                    renderer.markdown(outcomes, outputs: outputs, exitCode: exitCode),
                    to: reportDirectory + "/summary.md", overwrite: true)
            } catch {
                Terminal.error("the targets ran (see above), but the summary could not be saved: \(error)")
                return ExitStatus.error
            }
        }
        return exitCode
    }
}

extension Duration {
    /// The duration in seconds.
    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
