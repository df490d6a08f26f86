import ArgumentParser
import NumSync
import NumSyncCore

/// `numsync validate`: checks desired-state files without a server.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check desired-state files; no server needed.",
        discussion: """
            Reports every problem in every file the compiler way (file:line:col: error: ...), \
            and as GitHub annotations when GITHUB_ACTIONS=true.

            Example:
              numsync validate numbers.yaml
              numsync validate numbers/ --format json
              numsync validate numbers.yaml --policy numsync.policy.yaml
            """
    )

    /// What validation prints.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @OptionGroup var desired: DesiredStateOptions

    @Option(
        help: ArgumentHelp(
            "Check this policy file too (repeatable): its own problems, and numbers that break its number_pattern rules.",
            valueName: "file"))
    var policy: [String] = []

    @Option(help: "text, or json (a list of diagnostics).")
    var format: Format = .text

    @Flag(help: "No colour, even on a terminal.")
    var noColor = false

    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        try targets.check(paths: desired.paths, fleet: fleet, connection: nil)
        if targets.isActive, format != .text {
            throw ValidationError("with --targets, validate prints text; run it per target for JSON")
        }
    }

    func run() async throws {
        if targets.isActive {
            try await targets.run("validate", fleet: fleet, connection: ConnectionOptions()) { try await $0.validate() }
        }
        let style = TextStyle(
            colored: !noColor && (Terminal.environment["NO_COLOR"] ?? "").isEmpty && Terminal.errorIsTerminal)
        guard !desired.paths.isEmpty else {
            Terminal.error("no desired-state files given, e.g. numsync validate numbers.yaml")
            throw ExitCode(ExitStatus.error)
        }
        var result = DesiredStateLoader(recursive: desired.recursive).load(desired.paths)
        result.warnAboutExpiredEntries(asOf: Terminal.now())
        // Policies: their own problems, and what the files break of them without a server.
        for path in policy {
            let (loaded, diagnostics) = PolicyFileLoader.load(path)
            result.diagnostics += diagnostics
            if let loaded, result.succeeded { result.diagnostics += loaded.entryDiagnostics(result.state) }
        }
        if Terminal.environment["GITHUB_ACTIONS"] == "true" {
            Terminal.out(DiagnosticRenderer.githubAnnotations(result.diagnostics))
        }
        switch format {
        case .json:
            Terminal.out(DiagnosticRenderer.json(result.diagnostics))
        case .text:
            Terminal.err(DiagnosticRenderer.text(result.diagnostics, style: style))
        }
        let files = result.files.count
        let count = result.state.entryCount
        var summary =
            "\(files.formattedWithSeparators) \(files == 1 ? "file" : "files"), "
            + "\(count.formattedWithSeparators) \(count == 1 ? "number" : "numbers")"
        if !result.state.lists.isEmpty, !(result.state.namedLists.count == 1 && result.state.namedLists[0].isPrimary) {
            summary +=
                " ("
                + result.state.lists.map { "\($0.list.key) \($0.numbers.count.formattedWithSeparators)" }
                .joined(separator: ", ") + ")"
        }
        // `members of 2 call queues and 1 ring group`, when the files give members.
        let groups = result.state.namedGroupLists.map { groups in
            let count = result.state.members.filter { $0.list.key == groups.key }.count
            return "\(count.formattedWithSeparators) \(groups.recordName)\(count == 1 ? "" : "s")"
        }
        if !groups.isEmpty { summary += ", members of " + groups.joined(separator: " and ") }
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        let counts =
            "\(errors == 0 ? "no" : errors.formattedWithSeparators) \(errors == 1 ? "error" : "errors")"
            + (warnings == 0 ? "" : ", \(warnings.formattedWithSeparators) \(warnings == 1 ? "warning" : "warnings")")
        guard result.succeeded else {
            if format == .text { Terminal.err("\(summary), \(counts)\n") }
            throw ExitCode(ExitStatus.error)
        }
        if format == .text { Terminal.out("\(summary), \(warnings == 0 ? "no problems" : counts)\n") }
    }
}
