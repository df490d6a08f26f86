import ArgumentParser
import FileWriting
import Foundation
import NumSync
import NumSyncCore

/// `numsync drift`: the CI check that fails when someone edited the PBX by hand.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Check whether the server still matches the files (exit 2 when it does not).",
        discussion: """
            Separates numbers changed on the server, numbers missing from it, and unmanaged numbers \
            (on the server, in no file). Unmanaged numbers count as drift whatever the files' \
            `unmanaged` policy says, unless --ignore-unmanaged.

            Example:
              numsync drift numbers.yaml
              numsync drift numbers/ --format markdown --ignore-unmanaged
            """
    )

    @OptionGroup var desired: DesiredStateOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions

    @Flag(help: "Leave numbers that no file lists out of the verdict.")
    var ignoreUnmanaged = false

    @Option(name: .customLong("report"), help: "Also write the report as JSON to this file (written atomically).")
    var reportPath: String?

    @Option(
        help:
            "Write drift as Prometheus metrics to this file (for node_exporter's textfile collector), atomically; also when the check fails."
    )
    var metricsOut: String?

    @OptionGroup var notify: NotifyOptions
    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        try targets.check(paths: desired.paths, fleet: fleet, connection: connection)
        if targets.isActive, reportPath != nil || output.format != .text {
            throw ValidationError(
                "with --targets, reports are saved as --report-dir DIR/<target>.drift.json; --report and --format are for one PBX"
            )
        }
    }

    func run() async throws {
        if let metricsOut { try AtomicFile.requireWritable(metricsOut, for: "--metrics-out") }
        if targets.isActive {
            try await targets.run("drift", fleet: fleet, connection: connection, notify: notify) {
                try await $0.drift(ignoreUnmanaged: ignoreUnmanaged, metricsOut: metricsOut)
            }
        }
        let checked = Date().timeIntervalSince1970
        do {
            let (report, server) = try await check(at: checked)
            await notify.send(.drift(report, server: server))
            if report.hasDrift { throw ExitCode(ExitStatus.changes) }
        } catch let exit as ExitCode where exit.rawValue == ExitStatus.changes {
            throw exit
        } catch {
            await notify.send(.failed("drift", server: connection.serverName, exitCode: (error as? ExitCode)?.rawValue))
            // A failed check is a sample too (bad files, an unknown queue, a PBX that did not
            // answer): alerting needs success 0, not the last good file.
            if let metricsOut {
                try Self.writeMetrics(
                    DriftMetrics(checks: [.init(target: connection.serverName, lists: nil, timestamp: checked)]),
                    to: metricsOut)
            }
            throw error
        }
    }

    /// Checks, prints, saves the report and the metrics; the caller exits 2 when the server differs.
    private func check(at checked: Double) async throws -> (DriftReport, String) {
        let loaded = try desired.load(style: output.style)
        let (report, server): (DriftReport, String) = try await connection.withClient { client in
            (
                try await Reconciler(client: client).drift(loaded.state, ignoreUnmanaged: ignoreUnmanaged),
                client.settings.server.description
            )
        }
        try RelationChecks.check(
            problems: report.relationProblems, warnings: report.relationWarnings, style: output.style)
        let renderer = DriftRenderer(style: output.style)
        switch output.format {
        case .text: Terminal.out(renderer.text(report, server: server))
        case .json: Terminal.out(DriftDocument(report, server: server).encoded())
        case .markdown: Terminal.out(renderer.markdown(report, server: server))
        }
        if let path = reportPath {
            do {
                try AtomicFile.write(DriftDocument(report, server: server).encoded(), to: path, overwrite: true)
            } catch {
                Terminal.error(
                    "the drift check ran (see above), but its report could not be saved: \(error.description)")
                throw ExitCode(ExitStatus.error)
            }
        }
        if let metricsOut {
            let lists = Dictionary(
                uniqueKeysWithValues: report.lists.map {
                    (
                        $0.list.key,
                        TargetOutcome.Drift(
                            changed: $0.changed.count, missing: $0.missing.count, unmanaged: $0.unmanaged.count,
                            agents: $0.list.isReadOnly ? 0 : $0.relationChanges?.count ?? 0,
                            members: $0.list.isReadOnly ? $0.relationChanges?.count ?? 0 : 0)
                    )
                })
            try Self.writeMetrics(
                DriftMetrics(checks: [.init(target: server, lists: lists, timestamp: checked)]), to: metricsOut)
        }
        return (report, server)
    }

    /// Writes `metrics` to `path` atomically; failing to is an error (exit 1).
    static func writeMetrics(_ metrics: DriftMetrics, to path: String) throws {
        do {
            try AtomicFile.write(metrics.render(), to: path, overwrite: true)
        } catch {
            Terminal.error("--metrics-out: the metrics could not be saved: \(error.description)")
            throw ExitCode(ExitStatus.error)
        }
    }
}
