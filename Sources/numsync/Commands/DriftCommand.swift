import ArgumentParser
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

    func run() async throws {
        let loaded = try desired.load(style: output.style)
        let (report, server) = try await connection.withClient { client in
            (
                try await Reconciler(client: client).drift(loaded.state, ignoreUnmanaged: ignoreUnmanaged),
                client.settings.server.description
            )
        }
        try AgentChecks.check(report.agentPlan, style: output.style)
        let renderer = DriftRenderer(style: output.style)
        switch output.format {
        case .text: Terminal.out(renderer.text(report, server: server))
        case .json: Terminal.out(DriftDocument(report, server: server).encoded())
        case .markdown: Terminal.out(renderer.markdown(report, server: server))
        }
        if report.hasDrift { throw ExitCode(ExitStatus.changes) }
    }
}
