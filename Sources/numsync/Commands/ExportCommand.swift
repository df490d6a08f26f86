import ArgumentParser
import FileWriting
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
            "Export only this list (repeatable): \((ResourceCollection.all + ResourceCollection.readOnly).map(\.key).joined(separator: ", ")); call_queues and ring_groups write every group's members."
    )
    var only: [String] = []

    /// The lists `--only` names, or nil for every list.
    private var onlyLists: [ResourceCollection]? {
        only.isEmpty
            ? nil : (ResourceCollection.all + ResourceCollection.readOnly).filter { only.contains($0.key) }
    }

    @OptionGroup var targets: TargetsOptions
    @OptionGroup var fleet: FleetOptions

    func validate() throws {
        try targets.check(paths: [], fleet: fleet, connection: connection)
        if targets.isActive, out == nil {
            throw ValidationError(
                "with --targets, --out names a directory: each target is exported to DIR/<target>.yaml")
        }
        for name in only where ResourceCollection.known(name) == nil {
            var message = "--only: unknown list \(name.quotedForDisplay)"
            let keys = (ResourceCollection.all + ResourceCollection.readOnly).map(\.key)
            if let suggestion = Suggestion.closest(to: name, among: keys) {
                message += "; did you mean \(suggestion)?"
            } else {
                message += " (expected one of: \(keys.joined(separator: ", ")))"
            }
            throw ValidationError(message)
        }
        if let splitByPrefix {
            guard (1...15).contains(splitByPrefix) else { throw ValidationError("--split-by-prefix must be 1 to 15") }
            if !only.isEmpty, only.allSatisfy({ ResourceCollection.known($0)?.isReadOnly == true }) {
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
        var kept: DesiredStateExport.KeptSettings?
        if let out, splitByPrefix == nil {
            // Found out now, not after reading the whole server.
            do {
                try AtomicFile.checkWritable(out, overwrite: force)
            } catch {
                Terminal.error(error.description)
                throw ExitCode(ExitStatus.error)
            }
            // Over an existing desired-state file, its policies and defaults stay what they were.
            if force, FileManager.default.fileExists(atPath: out) {
                switch DesiredStateExport.settings(ofFileAt: out) {
                case .success(let settings):
                    kept = settings
                    Terminal.err(
                        "Rewriting \(out): its `unmanaged` and `defaults` are kept; its comments and the order of "
                            + "its entries are not.\n")
                case .failure(let problem):
                    Terminal.warning(
                        "\(problem); it is replaced as a new export would be (`unmanaged: ignore`, its comments and "
                            + "order are not kept)")
                }
            }
        }
        let session = ExportSession(only: onlyLists, splitByPrefix: splitByPrefix, kept: kept)
        let observed = try await connection.withClient { try await session.observe(using: $0) }
        let export: DesiredStateExport.Result
        do {
            export = try session.export(observed, generatedAt: Terminal.now())
        } catch {
            Terminal.error("cannot write YAML: \(error)")
            throw ExitCode(ExitStatus.error)
        }
        for refusal in export.refused { Terminal.warning(refusal.description) }
        let files = export.files
        guard let out else {
            Terminal.out(files[0].text)
            return
        }
        do {
            if splitByPrefix != nil {
                try writeDirectory(files, to: out)
            } else {
                try AtomicFile.write(files[0].text, to: out, overwrite: force)
                Terminal.err("Wrote \(files[0].count.formattedWithSeparators) numbers to \(out)\n")
            }
        } catch let error as AtomicFile.WriteError {
            Terminal.error(error.description)
            throw ExitCode(ExitStatus.error)
        }
    }

    private func writeDirectory(_ files: [DesiredStateExport.File], to directory: String) throws {
        let kept = try DesiredStateExport.write(files, toDirectory: directory, replacingEarlierExport: force)
        for path in kept {
            Terminal.warning("\(path) was not written by numsync export and is kept; it is part of the desired state")
        }
        let total = files.reduce(0) { $0 + $1.count }
        Terminal.err("Wrote \(total.formattedWithSeparators) numbers in \(files.count) files to \(directory)\n")
    }
}
