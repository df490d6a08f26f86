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

    /// `POST /api/exclusive_numbers {"number":...}` for each write a dry-run would send, in the
    /// order an apply sends them (relation changes after those they depend on).
    public func dryRunRequests(_ report: ApplyReport) -> String {
        var out = ""
        for entry in report.recordEntries where entry.outcome == .shown {
            let request = APIRequest(entry.change)
            out += "\(request.method) /api\(request.path)"
            if let body = request.body { out += " \(body)" }
            out += "\n"
        }
        for entry in report.relationEntries where entry.outcome == .shown {
            guard let change = entry.change.relationChange else { continue }
            // A number the apply would create has no id yet: a placeholder says whose it will be.
            let id = entry.ownerID ?? "ID"
            for step in change.steps {
                var request = APIRequest(step, of: change, owner: id)
                if entry.ownerID == nil {
                    request.path = request.path.replacingOccurrences(
                        of: "/ID/", with: "/{id of \(entry.change.number.quotedForDisplay)}/")
                }
                out += "\(request.method) /api\(request.path)"
                if let body = request.body { out += " \(body)" }
                out +=
                    change.target.map { "  (queue \($0))\n" }
                    ?? "  (\(entry.change.list.recordName) \(entry.change.number))\n"
            }
            if change.mayNeedFollowUp {
                out += "  then read back; if the PBX kept agents to remove, it is cleared and set again\n"
            }
        }
        return out
    }

    /// The summary, failures, interruption and leftovers, ending with a newline.
    public func summary(_ report: ApplyReport) -> String {
        if report.dryRun {
            let shown =
                report.recordEntries.filter { $0.outcome == .shown }.count
                + report.relationEntries.filter { $0.outcome == .shown }.reduce(0) {
                    $0 + ($1.change.relationChange?.steps.count ?? 0)
                }
            return style.bold(
                "Dry run: \(shown.formattedWithSeparators) \(shown == 1 ? "request" : "requests") shown; nothing was sent."
            ) + "\n"
        }
        let counts = report.counts
        var out = ""
        var line =
            "\(counts.created.formattedWithSeparators) created, \(counts.updated.formattedWithSeparators) updated, "
            + "\(counts.disabled.formattedWithSeparators) disabled, \(counts.deleted.formattedWithSeparators) deleted, "
            + "\(counts.failed.formattedWithSeparators) failed"
        if counts.unknown > 0 { line += ", \(counts.unknown.formattedWithSeparators) with an unknown outcome" }
        for relation in Relation.all {
            let failures = report.relationFailures(of: relation)
            guard failures > 0 else { continue }
            line +=
                "; \(failures.formattedWithSeparators) \(relation.itemName) \(failures == 1 ? "change" : "changes") failed"
        }
        line += "."
        if report.interrupted {
            out += style.bold("Apply interrupted: ") + line + "\n"
        } else if counts.failed > 0 || counts.unknown > 0 || report.relationFailures > 0 {
            out += style.red(style.bold("Apply finished with failures: ")) + line + "\n"
        } else {
            out += style.green(style.bold("Apply complete: ")) + line + "\n"
        }
        if let forced = report.forcedOver {
            out += "Applied over the safety threshold because --force was given: \(forced.reason).\n"
        }
        if report.requestsThrottled > 0 {
            out += "The PBX throttled \(report.requestsThrottled.formattedWithSeparators) of "
            out += "\(report.requestsSent.formattedWithSeparators) requests; numsync slowed down and sent them again"
            if let rate = report.effectiveRatePerMinute {
                out += " (\(Int(rate.rounded()).formattedWithSeparators) a minute overall)"
            }
            out += ".\n"
        }
        for relation in Relation.all {
            let relationEntries = report.relationEntries.filter { $0.change.relationChange?.relation == relation }
            guard !relationEntries.isEmpty else { continue }
            let applied = relationEntries.filter { $0.outcome == .applied }.count
            out +=
                "\(relation.capitalizedName): \(applied.formattedWithSeparators) of "
                + "\(relationEntries.count.formattedWithSeparators) "
            out += "\(relationEntries.count == 1 ? "change" : "changes") applied and read back.\n"
            for entry in relationEntries where !entry.outcome.succeeded {
                guard let change = entry.change.relationChange else { continue }
                let what = "  ~ \(change.subject(of: entry.change.number)): "
                let was = "(was [\(change.shownBefore().joined(separator: ", "))])"
                let held = (entry.held ?? []).map {
                    RelationChange.shown($0, levels: entry.heldLevels, of: change.relation)
                }
                switch entry.outcome {
                case .failed(let error):
                    out += what + "\(error)\n"
                    if entry.held != nil {
                        out += "      now [\(held.joined(separator: ", "))] \(was)\n"
                    } else {
                        out += "      what the PBX holds now could not be read \(was)\n"
                    }
                case .mismatch:
                    out += what + "the PBX holds \(held.joined(separator: ", ")) "
                    out += "after the change, not \(change.shownAfter().joined(separator: ", "))\n"
                    let kept = Set(entry.held ?? []).subtracting(change.after)
                    if change.relation.clearPath == nil, !kept.isEmpty {
                        out +=
                            "      its \"set\" added and kept the rest, and PortSIP has no request that removes "
                            + "\(change.relation.itemName)s: remove them in the PBX's web portal\n"
                    }
                case .notStarted:
                    let dependencies = Set(entry.change.dependencies)
                    let dependencyFailed = report.entries.contains {
                        dependencies.contains($0.change.key) && !$0.outcome.succeeded
                    }
                    var why = "interrupted"
                    if entry.ownerID == nil {
                        why = "its number was not created"
                    } else if report.stoppedEarly != nil {
                        why = "stopped early"
                    } else if dependencyFailed {
                        why = "a change it depends on did not succeed"
                    }
                    out += what + "not started (\(why))\n"
                case .created, .updated, .disabled, .deleted, .applied, .shown, .unknown: break
                }
            }
        }
        if report.ambiguousCreatesResolved > 0 {
            let found = report.ambiguousCreatesResolved
            out +=
                "\(found.formattedWithSeparators) \(found == 1 ? "create" : "creates") got no clear answer and "
                + "\(found == 1 ? "was" : "were") then found on the server "
                + "(\(report.lookupListings) \(report.lookupListings == 1 ? "lookup" : "lookups")).\n"
        }
        if report.createsSentAgain > 0 {
            let again = report.createsSentAgain
            out +=
                "\(again.formattedWithSeparators) \(again == 1 ? "create" : "creates") the server answered with an "
                + "error \(again == 1 ? "was" : "were") sent again, after a complete listing showed "
                + "\(again == 1 ? "it" : "them") absent.\n"
        }
        if report.leftover != nil, report.newDuplicates.isEmpty,
            report.ambiguousCreatesResolved + report.createsSentAgain > 0
        {
            out += "No number is held twice on the server.\n"
        }
        let failures = report.failures
        if !failures.isEmpty {
            out += "\n" + style.bold("Failed (\(failures.count.formattedWithSeparators)):") + "\n"
            for entry in failures {
                guard case .failed(let error) = entry.outcome else { continue }
                out += "  \(symbol(entry.change.action)) \(entry.change.action.rawValue) "
                out += "\(subject(entry.change)): \(error)\n"
            }
        }
        let unknown = report.outcomeUnknown
        if !unknown.isEmpty {
            out += "\n" + style.bold("Outcome unknown (\(unknown.count.formattedWithSeparators)):") + " "
            out += "sent once, no answer, and not on the server when it was last read. The PBX may still be "
            out += "creating \(unknown.count == 1 ? "it" : "them"), so \(unknown.count == 1 ? "it was" : "they were") "
            out += "not sent again:\n"
            for entry in unknown {
                guard case .unknown(let error) = entry.outcome else { continue }
                out += "  \(symbol(entry.change.action)) \(entry.change.action.rawValue) "
                out += "\(subject(entry.change)): \(error)\n"
            }
            out += "Run numsync plan again in a minute: a number that has appeared needs nothing more; one still "
            out += "missing is planned as a create.\n"
        }
        if report.notStarted > 0 {
            out +=
                "\n\(report.notStarted.formattedWithSeparators) \(report.notStarted == 1 ? "change was" : "changes were") not started"
            out += report.stoppedEarly.map { ": \($0).\n" } ?? ".\n"
        }
        if let error = report.verificationError {
            out += "\nCould not check the server afterwards: \(error)\n"
        }
        if let leftover = report.leftover, !leftover.isEmpty {
            out += "\n" + style.bold("The server still differs from the files:") + " " + leftover.summary.line + "\n"
            let pending = Set(unknown.map { subject($0.change) })
            for change in leftover.changes.filter(\.isRecordChange).prefix(10) {
                out += "  \(symbol(change.action)) \(change.action.rawValue) \(subject(change))"
                out +=
                    change.action == .create && pending.contains(subject(change))
                    ? " (outcome unknown)\n" : "\n"
            }
            let records = leftover.changes.filter(\.isRecordChange).count
            if records > 10 {
                out += "  … and \((records - 10).formattedWithSeparators) more\n"
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
            if report.rerunConverges {
                out += "\nRunning numsync apply again will converge: it plans only what is still different"
                out += unknown.isEmpty ? ".\n" : ", once the PBX has settled.\n"
            } else {
                out += "\nRunning numsync apply again will not fix what the PBX refused or did not take above: "
                out += "correct the files or the PBX first, then run numsync plan.\n"
            }
        }
        return out
    }

    /// The number a change is about, quoted, after its list unless that is exclusive numbers:
    /// `vip_numbers "+1415…"`.
    private func subject(_ change: Change) -> String {
        change.list.messageQualifier + change.number.quotedForDisplay
    }

    private func symbol(_ action: Change.Action) -> String {
        switch action {
        case .create: return "+"
        case .update: return "~"
        case .disable, .delete: return "-"
        }
    }
}
