import ArgumentParser
import Foundation
import NumSync
import NumSyncCore

/// `numsync export`: the server's numbers as a desired-state file, to adopt a PBX.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the server's number lists as a desired-state file.",
        discussion: """
            `numsync plan` on the result right after shows no changes. With --force over an existing \
            desired-state file, keeps its `unmanaged` and `defaults`, not its comments or order. \
            Without --out, prints to \
            standard output. Reads every list numsync knows (exclusive_numbers, vip_numbers, \
            call_queue_blacklisted_numbers, blacklisted_numbers) and writes exclusive_numbers and \
            every other list that has records; --only writes just the lists named, even empty.

            Example:
              numsync export --out numbers.yaml
              numsync export --out numbers/ --split-by-prefix 4
              numsync export --only vip_numbers --only blacklisted_numbers --out lists.yaml
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Write to this file (or directory, with --split-by-prefix), atomically.")
    var out: String?

    @Flag(help: "Overwrite an existing file (or earlier export files in the directory).")
    var force = false

    @Option(help: "Write one file per prefix of this many leading digits into the --out directory.")
    var splitByPrefix: Int?

    @Option(
        help:
            "Export only this list (repeatable): \((PortSIPList.all + PortSIPList.readOnly).map(\.key).joined(separator: ", ")); call_queues and ring_groups write every group's members."
    )
    var only: [String] = []

    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        try targets.check(paths: [], fleet: fleet, connection: connection)
        if targets.isActive, out == nil {
            throw ValidationError(
                "with --targets, --out names a directory: each target is exported to DIR/<target>.yaml")
        }
        for name in only where PortSIPList.known(name) == nil {
            var message = "--only: unknown list \(name.quotedForDisplay)"
            let keys = (PortSIPList.all + PortSIPList.readOnly).map(\.key)
            if let suggestion = Suggestion.closest(to: name, among: keys) {
                message += "; did you mean \(suggestion)?"
            } else {
                message += " (expected one of: \(keys.joined(separator: ", ")))"
            }
            throw ValidationError(message)
        }
        if let splitByPrefix {
            guard (1...15).contains(splitByPrefix) else { throw ValidationError("--split-by-prefix must be 1 to 15") }
            if !only.isEmpty, only.allSatisfy({ PortSIPList.known($0)?.isReadOnly == true }) {
                throw ValidationError(
                    "--split-by-prefix splits numbers by their leading digits; it cannot split call_queues or "
                        + "ring_groups alone")
            }
            guard out != nil else { throw ValidationError("--split-by-prefix needs --out DIRECTORY") }
        }
    }

    func run() async throws {
        if targets.isActive, let out {
            var arguments = (force ? ["--force"] : []) + only.flatMap { ["--only", $0] }
            if let splitByPrefix { arguments += ["--split-by-prefix", String(splitByPrefix)] }
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                Terminal.error("--out \(out): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.error)
            }
            try await targets.run("export", fleet: fleet, connection: connection) {
                try await $0.export(into: out, arguments: arguments, splits: splitByPrefix != nil)
            }
        }
        try await ExportFrontend(command: self).run()
    }
}
