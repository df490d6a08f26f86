import ArgumentParser
import FileWriting
import Foundation
import NumSync
import NumSyncCore

/// What `numsync export` does for one PBX, once its options are checked: read the server and
/// write the desired-state file (or files), keeping an existing file's settings with --force.
struct ExportFrontend {
    /// The command, with its options.
    let command: ExportCommand

    private var connection: ConnectionOptions { command.connection }
    private var out: String? { command.out }
    private var force: Bool { command.force }
    private var splitByPrefix: Int? { command.splitByPrefix }
    private var only: [String] { command.only }

    /// The lists `--only` names, or nil for every list.
    private var onlyLists: [PortSIPList]? {
        only.isEmpty
            ? nil : (PortSIPList.all + PortSIPList.readOnly).filter { only.contains($0.key) }
    }

    /// Reads the server and writes the export.
    func run() async throws {
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
