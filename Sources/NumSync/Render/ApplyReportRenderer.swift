import NumSyncCore

/// Renders what an apply did: the requests of a dry-run, the summary, failures, and what is
/// left over.
public struct ApplyReportRenderer: Sendable {
    /// Colours or not.
    public var style: TextStyle

    /// Creates a renderer.
    public init(style: TextStyle = .plain) {
        self.style = style
    }

    /// `POST /api/exclusive_numbers {"number":...}` for each write a dry-run would send, in plan order.
    public func dryRunRequests(_ report: ApplyReport) -> String {
        var out = ""
        for entry in report.entries where entry.outcome == .shown {
            let request = APIRequest(entry.operation)
            out += "\(request.method) /api\(request.path)"
            if let body = request.body { out += " \(body)" }
            out += "\n"
        }
        return out
    }

    /// The summary, failures, interruption and leftovers, ending with a newline.
    public func summary(_ report: ApplyReport) -> String {
        if report.dryRun {
            let shown = report.entries.filter { $0.outcome == .shown }.count
            return style.bold(
                "Dry run: \(shown.formattedWithSeparators) \(shown == 1 ? "request" : "requests") shown; nothing was sent."
            ) + "\n"
        }
        let counts = report.counts
        var out = ""
        let line =
            "\(counts.created.formattedWithSeparators) created, \(counts.updated.formattedWithSeparators) updated, "
            + "\(counts.disabled.formattedWithSeparators) disabled, \(counts.deleted.formattedWithSeparators) deleted, "
            + "\(counts.failed.formattedWithSeparators) failed."
        if report.interrupted {
            out += style.bold("Apply interrupted: ") + line + "\n"
        } else if counts.failed > 0 {
            out += style.red(style.bold("Apply finished with failures: ")) + line + "\n"
        } else {
            out += style.green(style.bold("Apply complete: ")) + line + "\n"
        }
        if report.ambiguousCreatesResolved > 0 {
            out +=
                "\(report.ambiguousCreatesResolved.formattedWithSeparators) \(report.ambiguousCreatesResolved == 1 ? "create" : "creates") "
                + "had an unknown outcome and \(report.ambiguousCreatesResolved == 1 ? "was" : "were") found on the server "
                + "(\(report.lookupListings) \(report.lookupListings == 1 ? "listing" : "listings")); none was sent twice.\n"
        }
        let failures = report.failures
        if !failures.isEmpty {
            out += "\n" + style.bold("Failed (\(failures.count.formattedWithSeparators)):") + "\n"
            for entry in failures {
                guard case .failed(let error) = entry.outcome else { continue }
                out += "  \(symbol(entry.operation.action)) \(entry.operation.action.rawValue) "
                out += "\(entry.operation.number.quotedForDisplay): \(error)\n"
            }
        }
        if report.notStarted > 0 {
            out +=
                "\n\(report.notStarted.formattedWithSeparators) \(report.notStarted == 1 ? "operation was" : "operations were") not started.\n"
        }
        if let error = report.verificationError {
            out += "\nCould not check the server afterwards: \(error)\n"
        }
        if let leftover = report.leftover, !leftover.isEmpty {
            out += "\n" + style.bold("The server still differs from the files:") + " " + leftover.summary.line + "\n"
            for operation in leftover.operations.prefix(10) {
                out +=
                    "  \(symbol(operation.action)) \(operation.action.rawValue) \(operation.number.quotedForDisplay)\n"
            }
            if leftover.operations.count > 10 {
                out += "  … and \((leftover.operations.count - 10).formattedWithSeparators) more\n"
            }
        }
        if !report.newDuplicates.isEmpty {
            out += "\n" + style.red("Numbers now held more than once on the server:") + " "
            out += report.newDuplicates.map(\.number.quotedForDisplay).joined(separator: ", ") + "\n"
        }
        if !report.unmetEffects.isEmpty {
            out += "\n" + style.bold("Not in effect on the server afterwards:") + "\n"
            for unmet in report.unmetEffects { out += "  \(unmet)\n" }
        }
        if !report.converged {
            out += "\nRunning numsync apply again will converge: it plans only what is still different.\n"
        }
        return out
    }

    private func symbol(_ action: Operation.Action) -> String {
        switch action {
        case .create: return "+"
        case .update: return "~"
        case .disable, .delete: return "-"
        }
    }
}
