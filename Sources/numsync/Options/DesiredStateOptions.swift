import ArgumentParser
import NumSync
import NumSyncCore

/// The desired-state paths, and loading them with every problem reported.
struct DesiredStateOptions: ParsableArguments {
    @Argument(help: "Desired-state files or directories of *.yaml/*.yml files; - reads standard input.")
    var paths: [String] = []

    @Flag(help: "Look for *.yaml/*.yml files in subdirectories too.")
    var recursive = false

    /// Loads the files; on any problem prints every diagnostic and exits 1.
    func load(style: TextStyle = .plain, computesDigest: Bool = false) throws -> DesiredStateLoader.Result {
        guard !paths.isEmpty else {
            Terminal.error("no desired-state files given; pass files or a directory, e.g. numsync plan numbers.yaml")
            throw ExitCode(1)
        }
        var result = DesiredStateLoader(recursive: recursive, computesDigest: computesDigest).load(paths)
        result.warnAboutExpiredEntries(asOf: Terminal.now())
        if result.succeeded {
            // Warnings do not stop a run, but are shown before it.
            let warnings = result.diagnostics.filter { $0.severity == .warning }
            if !warnings.isEmpty { Terminal.err(DiagnosticRenderer.text(warnings, style: style)) }
        } else {
            Terminal.err(DiagnosticRenderer.text(result.diagnostics, style: style))
            if Terminal.environment["GITHUB_ACTIONS"] == "true" {
                Terminal.out(DiagnosticRenderer.githubAnnotations(result.diagnostics))
            }
            let errors = result.diagnostics.filter { $0.severity == .error }.count
            Terminal.error("\(errors) \(errors == 1 ? "problem" : "problems") in the desired state; nothing was sent")
            throw ExitCode(1)
        }
        return result
    }
}
