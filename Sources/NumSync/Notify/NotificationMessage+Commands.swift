import NumSyncCore

// The notifications `drift` and `apply` send: what each says of how its run ended.

extension NotificationMessage {
    /// A drift check's verdict: the counts, and each difference on a line.
    public static func drift(_ report: DriftReport, server: String) -> NotificationMessage {
        var details: [String] = []
        var counts = (changed: 0, missing: 0, unmanaged: 0, relations: 0)
        for list in report.lists {
            let key = list.list.key
            counts.changed += list.changed.count
            counts.missing += list.missing.count
            for change in list.changed {
                details.append(
                    "changed: \(key) \(change.number) (\(change.fields.map(\.field.name).joined(separator: ", ")))")
            }
            for wanted in list.missing { details.append("missing: \(key) \(wanted.number)") }
            if !list.ignoresUnmanaged {
                counts.unmanaged += list.unmanaged.count
                for record in list.unmanaged { details.append("unmanaged: \(key) \(record.key)") }
            }
            for change in list.relationChanges ?? [] {
                guard let relation = change.relationChange else { continue }
                counts.relations += 1
                details.append(
                    "\(relation.relation.name) differ: \(key) \(change.number)"
                        + (relation.target.map { " queue \($0)" } ?? ""))
            }
        }
        let summary =
            report.hasDrift
            ? "drift: \(counts.changed) changed, \(counts.missing) missing, \(counts.unmanaged) unmanaged, "
                + "\(counts.relations) relation \(counts.relations == 1 ? "change" : "changes")"
            : "no drift"
        return NotificationMessage(
            command: "drift", outcome: report.hasDrift ? .drift : .clean, server: server, summary: summary,
            details: details, document: DriftDocument(report, server: server).encoded())
    }

    /// An apply's outcome: what it changed, and each change that failed.
    public static func apply(_ report: ApplyReport, server: String) -> NotificationMessage {
        let failed = report.entries.filter {
            switch $0.outcome {
            case .failed, .unknown, .mismatch: true
            default: false
            }
        }
        let changed = report.entries.filter(\.outcome.succeeded).count
        let details = failed.map { entry in
            "failed: \(entry.change.list.key) \(entry.change.number)"
                + (entry.change.relationChange.map { " (\($0.relation.name))" } ?? "")
        }
        let outcome: Outcome =
            !report.converged || report.interrupted ? .failure : report.entries.isEmpty ? .clean : .applied
        let summary =
            outcome == .clean
            ? "no changes"
            : "\(changed) \(changed == 1 ? "change" : "changes") applied, \(failed.count) failed"
                + (report.interrupted ? ", interrupted" : "") + (report.converged ? "" : "; the PBX still differs")
        return NotificationMessage(
            command: "apply", outcome: outcome, server: server, summary: summary, details: details,
            document: ApplyReportDocument(report, server: server).encoded())
    }

    /// A run that failed before it could report: the command and its exit code, when known (its
    /// output says why).
    public static func failed(_ command: String, server: String, exitCode: Int32?) -> NotificationMessage {
        NotificationMessage(
            command: command, outcome: .failure, server: server,
            summary: "the run failed\(exitCode.map { " (exit \($0))" } ?? "") before it could report; see its output")
    }
}

extension NotificationMessage {
    /// One message for a run over several targets: how many ended each way, and a line per
    /// target that did not end well.
    public static func fleet(command: String, outcomes: [TargetOutcome], document: String) -> NotificationMessage {
        var counts: [TargetOutcome.Status: Int] = [:]
        for outcome in outcomes { counts[outcome.status, default: 0] += 1 }
        let order: [TargetOutcome.Status] = [.ok, .changes, .drift, .error, .refused, .partial, .interrupted]
        let summary =
            "\(outcomes.count) \(outcomes.count == 1 ? "target" : "targets"): "
            + order.compactMap { status in counts[status].map { "\($0) \(status.rawValue)" } }.joined(separator: ", ")
        let failed = outcomes.contains { [.error, .refused, .partial, .interrupted].contains($0.status) }
        let differs = outcomes.contains { outcome in
            outcome.status == .drift || outcome.status == .changes
                || (command == "apply"
                    && (outcome.changes.map { $0.creates + $0.updates + $0.disables + $0.deletes } ?? 0) > 0)
        }
        let outcome: Outcome = failed ? .failure : differs ? (command == "apply" ? .applied : .drift) : .clean
        return NotificationMessage(
            command: command, outcome: outcome, server: "\(outcomes.count) targets", summary: summary,
            details: outcomes.filter { $0.status != .ok }.map {
                "\($0.target): \($0.status.rawValue) (exit \($0.exitCode))"
            },
            document: document)
    }
}
