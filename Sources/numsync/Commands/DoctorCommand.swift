import ArgumentParser
import NumSync
import NumSyncCore

/// `numsync doctor`: can numsync work with this PBX, and how? Read only.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check what numsync can do with a PBX: version, account, lists, clock; sends no write.",
        discussion: """
            Reads the PBX's version, the signed-in account's role and (from v22.3) permissions, one \
            small listing of every list (reachable, record count, paging, id format) and the \
            server's clock. Exit 0 when numsync can plan and apply, 1 when it cannot, and why.

            Example:
              numsync doctor
              numsync doctor --format json
              numsync doctor --targets numsync.targets.yaml
            """
    )

    /// What doctor prints.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "text, or json.")
    var format: Format = .text

    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        try targets.check(paths: [], fleet: fleet, connection: connection)
        if targets.isActive, format != .text {
            throw ValidationError("with --targets, doctor prints text; run it per target for JSON")
        }
    }

    func run() async throws {
        if targets.isActive {
            try await targets.run("doctor", fleet: fleet, connection: connection) { try await $0.doctor() }
        }
        let diagnosis = try await connection.withClient { try await Diagnosis.run(using: $0) }
        Terminal.out(format == .json ? DiagnosisRenderer.json(diagnosis) : DiagnosisRenderer.text(diagnosis))
        if !diagnosis.problems.isEmpty { throw ExitCode(ExitStatus.error) }
    }
}
