import ArgumentParser
import NumSync
import NumSyncCore

/// What every command that plans shows of relations (exclusive agents) before going on: the
/// warnings, and the errors that stop it (a queue the PBX does not have, an agent who is not a
/// member).
enum RelationChecks {
    /// Prints the warnings; prints the errors and exits 1 when there are any.
    static func check(problems: [Diagnostic], warnings: [Diagnostic], style: TextStyle) throws {
        if !warnings.isEmpty { Terminal.err(DiagnosticRenderer.text(warnings, style: style)) }
        guard problems.isEmpty else {
            Terminal.err(DiagnosticRenderer.text(problems, style: style))
            Terminal.error(
                "\(problems.count) \(problems.count == 1 ? "problem" : "problems") with the exclusive agents; nothing was sent"
            )
            throw ExitCode(ExitStatus.error)
        }
    }

    /// The same for a plan.
    static func check(_ plan: Plan, style: TextStyle) throws {
        try check(problems: plan.relationProblems, warnings: plan.relationWarnings, style: style)
    }
}
