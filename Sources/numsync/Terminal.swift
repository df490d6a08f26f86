import ArgumentParser
import Foundation

/// Standard output and error, and what the command line knows about them.
enum Terminal {
    /// Writes to standard output.
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes to standard error.
    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `error: message` on standard error.
    static func error(_ message: String) {
        err("error: \(message)\n")
    }

    /// `warning: message` on standard error.
    static func warning(_ message: String) {
        err("warning: \(message)\n")
    }

    /// Whether standard input is a terminal (someone can answer a question).
    static var inputIsTerminal: Bool { isatty(0) == 1 }
    /// Whether standard output is a terminal.
    static var outputIsTerminal: Bool { isatty(1) == 1 }
    /// Whether standard error is a terminal.
    static var errorIsTerminal: Bool { isatty(2) == 1 }

    /// The environment.
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Asks for "yes" before applying to `server`; refuses when nobody can answer (standard input
    /// is not a terminal), and exits 1 on any other answer.
    static func confirmApply(to server: String) throws {
        guard inputIsTerminal else {
            error(
                "refusing to apply without confirmation: standard input is not a terminal. "
                    + "Pass --auto-approve in pipelines (nothing was written).")
            throw ExitCode(ExitStatus.error)
        }
        out("\nApply these changes to \(server)?\n  Only 'yes' will be accepted: ")
        guard readLine() == "yes" else {
            err("Apply cancelled; nothing was written.\n")
            throw ExitCode(ExitStatus.error)
        }
    }

    /// The current time in RFC 3339 UTC: for export headers and for expiry warnings.
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
