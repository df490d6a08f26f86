import ArgumentParser
import Foundation
import NumSync
import NumSyncCore

/// `numsync`: keeps a PortSIP PBX's exclusive numbers in the state a YAML file describes.
@main
struct NumSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numsync",
        abstract: "Keep a PortSIP PBX's exclusive numbers in the state your YAML files describe.",
        discussion: """
            Exit codes: 0 success or no changes; 1 error (nothing written unless the report says so); \
            2 changes pending (plan --detailed-exitcode, drift); 3 apply finished with failures or \
            unknown outcomes (running again converges); 4 refused before any write (stale plan, safety threshold, \
            incomplete listing); 130 interrupted.

            Connection: --server or PORTSIP_URL; PORTSIP_TOKEN or --token-file, or PORTSIP_USERNAME \
            and PORTSIP_PASSWORD (and PORTSIP_DOMAIN for a tenant) to sign in.

            Example:
              numsync plan numbers.yaml
              numsync apply numbers/ --auto-approve --report report.json
              numsync drift --targets numsync.targets.yaml --metrics-out drift.prom
            """,
        version: NumSyncVersion.current,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DriftCommand.self, ExportCommand.self,
            SchemaCommand.self, TargetsCommand.self, DoctorCommand.self,
        ]
    )

    /// Runs the command; a usage error (a bad option value) exits 1 like every other bad input,
    /// as the exit-code table promises, instead of ArgumentParser's 64, and says `error:` as
    /// every other message does. Bare `numsync` prints the help and exits 1: it did nothing.
    static func main() async {
        TargetProcess.followStarter()
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.isEmpty {
            FileHandle.standardError.write(Data(HelpLayout.examplesLast(helpMessage()).utf8))
            Foundation.exit(ExitStatus.error)
        }
        if let unknown = unknownSubcommand(in: arguments) {
            FileHandle.standardError.write(Data((unknown + "\n").utf8))
            Foundation.exit(ExitStatus.error)
        }
        do {
            var command = try await asyncParseAsRoot(nil)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .success {
                // --help and `numsync help`: the same text, examples last.
                let message = fullMessage(for: error)
                if message.contains("USAGE:") {
                    FileHandle.standardOutput.write(Data(HelpLayout.examplesLast(message).utf8))
                    Foundation.exit(ExitStatus.success)
                }
                // --version, completion scripts: on standard output, as ArgumentParser writes them.
                exit(withError: error)
            }
            // Any other error ArgumentParser would print as "Error: ..." is printed as every
            // numsync message is; a usage error exits 1.
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? ExitStatus.error : code.rawValue)
        }
    }

    /// "error: unknown command 'plna'; did you mean 'plan'?" when the first word is neither an
    /// option nor a command, or nil.
    static func unknownSubcommand(in arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names =
            configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        let suggestion = Suggestion.closest(to: first, among: names).map { "; did you mean '\($0)'?" } ?? ""
        return "error: unknown command '\(first)'\(suggestion)\n"
            + "Commands: \(names.joined(separator: ", ")). See 'numsync --help'."
    }
}
