import ArgumentParser
import FileWriting
import Foundation
import NumSync
import NumSyncCore

/// `numsync export`: the server's numbers as a desired-state file, to adopt a PBX.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the server's exclusive numbers as a desired-state file.",
        discussion: """
            `numsync plan` on the result right after shows no changes. Without --out, prints to \
            standard output.

            Example:
              numsync export --out numbers.yaml
              numsync export --out numbers/ --split-by-prefix 4
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Write to this file (or directory, with --split-by-prefix), atomically.")
    var out: String?

    @Flag(help: "Overwrite an existing file (or earlier export files in the directory).")
    var force = false

    @Option(help: "Write one file per prefix of this many leading digits into the --out directory.")
    var splitByPrefix: Int?

    func validate() throws {
        if let splitByPrefix {
            guard (1...15).contains(splitByPrefix) else { throw ValidationError("--split-by-prefix must be 1 to 15") }
            guard out != nil else { throw ValidationError("--split-by-prefix needs --out DIRECTORY") }
        }
    }

    func run() async throws {
        let (observed, server) = try await connection.withClient { client in
            (try await Reconciler(client: client).completeListing(), client.settings.server.description)
        }
        let export: DesiredStateExport.Result
        do {
            export = try DesiredStateExport.export(
                observed, server: server, generatedAt: Self.now(), splitByPrefix: splitByPrefix)
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
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw AtomicFile.WriteError(description: "\(directory) exists and is not a directory")
            }
            let existing = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter {
                $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
            }
            if !existing.isEmpty, !force {
                throw AtomicFile.WriteError(
                    description: "\(directory) already holds YAML files; pass --force to replace an earlier export")
            }
            let names = Set(files.compactMap(\.name))
            for name in existing where !names.contains(name) {
                let path = directory + "/" + name
                // Only files an earlier export wrote are removed; anything else would silently
                // add numbers to the desired state, so it is left and reported.
                let head =
                    (manager.contents(atPath: path)).map { String(decoding: $0.prefix(200), as: UTF8.self) } ?? ""
                if head.hasPrefix(DesiredStateExport.headerMarker) {
                    try? manager.removeItem(atPath: path)
                } else {
                    Terminal.warning(
                        "\(path) was not written by numsync export and is kept; it is part of the desired state")
                }
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw AtomicFile.WriteError(description: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        for file in files {
            try AtomicFile.write(file.text, to: directory + "/" + file.name!, overwrite: true)
        }
        let total = files.reduce(0) { $0 + $1.count }
        Terminal.err(
            "Wrote \(total.formattedWithSeparators) numbers in \(files.count) files to \(directory)\n")
    }

    /// The current time in RFC 3339 UTC, for the header comment.
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
