import ArgumentParser
import Foundation
import NumSync
import NumSyncCore

/// `numsync targets`: the targets a selection picks, for people and for CI matrices.
struct TargetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "Check a targets file and print the targets a selection picks.",
        discussion: """
            The file names environment variables, never secrets. --format github-matrix prints JSON for \
            a GitHub Actions matrix (strategy.matrix: ${{ fromJSON(...) }}): one entry per target with \
            its name and the names of its credential variables.

            Example:
              numsync targets --targets numsync.targets.yaml --select env=prod
              numsync targets --targets numsync.targets.yaml --format github-matrix
            """
    )

    /// What the command prints.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
        case githubMatrix = "github-matrix"
    }

    @OptionGroup var targets: TargetsOptions

    @Option(help: "text, json, or github-matrix.")
    var format: Format = .text

    func validate() throws {
        guard targets.isActive else { throw ValidationError("pass --targets FILE") }
    }

    func run() async throws {
        let (selected, _) = try targets.load()
        switch format {
        case .text: Terminal.out(TargetListing(selected).text())
        case .json: Terminal.out(TargetListing(selected).json())
        case .githubMatrix:
            let listing = TargetListing(selected)
            if let warning = listing.githubMatrixWarning { Terminal.warning(warning) }
            Terminal.out(listing.githubMatrix())
        }
    }
}
