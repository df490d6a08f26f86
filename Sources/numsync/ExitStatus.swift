import ArgumentParser
import NumSync

/// The exit codes every command shares.
enum ExitStatus {
    /// Success; no changes.
    static let success: Int32 = 0
    /// Error: bad input, auth, network, server; nothing written unless the report says so.
    static let error: Int32 = 1
    /// Changes pending (`plan --detailed-exitcode`, `drift`).
    static let changes: Int32 = 2
    /// Apply finished but some changes failed; running again converges.
    static let partial: Int32 = 3
    /// Refused before any write: stale plan, safety threshold, incomplete listing.
    static let refused: Int32 = 4
    /// Interrupted by Ctrl-C.
    static let interrupted: Int32 = 130

    /// Prints a client error and exits with its code: 4 for an incomplete listing, else 1.
    static func fail(_ error: PortSIPError) -> ExitCode {
        Terminal.error(error.description)
        if case .incompleteListing = error.kind { return ExitCode(refused) }
        return ExitCode(ExitStatus.error)
    }

    /// Prints a refusal and exits 4.
    static func fail(_ refusal: Refusal) -> ExitCode {
        Terminal.error(refusal.description)
        return ExitCode(refused)
    }

    /// Prints why a saved plan cannot be used and exits: 4 for another format version, else 1.
    static func fail(_ error: SavedPlanError) -> ExitCode {
        Terminal.error(error.description)
        if case .incompatible = error { return ExitCode(refused) }
        return ExitCode(ExitStatus.error)
    }
}
