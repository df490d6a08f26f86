import NumSyncCore

/// The summary of a run over several targets: a table in text for the terminal, and Markdown
/// for one pull-request comment.
public struct FleetSummaryRenderer: Sendable {
    /// The command that ran (`plan`, `apply`, `drift`, ...): it decides the columns.
    public var command: String

    /// GitHub refuses comments over 65,536 characters; this leaves room for a header.
    public static let markdownLimit = 60_000

    /// Creates a renderer for `command`.
    public init(command: String) {
        self.command = command
    }

    private var isDrift: Bool { command == "drift" }
    private var hasChanges: Bool { command == "plan" || command == "apply" }

    private var headers: [String] {
        if isDrift { return ["target", "status", "changed", "missing", "unmanaged", "seconds"] }
        if hasChanges { return ["target", "status", "creates", "updates", "disables", "deletes", "seconds"] }
        return ["target", "status", "seconds"]
    }

    private func cells(_ outcome: TargetOutcome) -> [String] {
        var cells = [outcome.target, outcome.status.rawValue]
        if isDrift {
            if let drift = outcome.driftTotal {
                cells += [drift.changed, drift.missing, drift.unmanaged].map(\.formattedWithSeparators)
            } else {
                cells += ["-", "-", "-"]
            }
        } else if hasChanges {
            if let changes = outcome.changes {
                cells += [changes.creates, changes.updates, changes.disables, changes.deletes].map(
                    \.formattedWithSeparators)
            } else {
                cells += ["-", "-", "-", "-"]
            }
        }
        cells.append(Self.seconds(outcome.seconds))
        return cells
    }

    /// The table and a closing line with the exit code, for the terminal.
    public func text(_ outcomes: [TargetOutcome], exitCode: Int32) -> String {
        let rows = [headers] + outcomes.map(cells)
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var out = "\nSummary of numsync \(command) over \(Self.count(outcomes.count, "target")):\n"
        for row in rows {
            let padded = row.enumerated().map { index, cell in
                // Names and words to the left, numbers to the right.
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index < 2 ? cell + padding : padding + cell
            }
            out += "  " + padded.joined(separator: "  ") + "\n"
        }
        out += verdict(outcomes, exitCode: exitCode) + "\n"
        return out
    }

    /// `summary.md`: the table, then each target's output in a collapsed section, cut so that
    /// the whole stays under `markdownLimit` characters.
    public func markdown(_ outcomes: [TargetOutcome], outputs: [String: String], exitCode: Int32) -> String {
        var head = "## numsync \(command): \(Self.count(outcomes.count, "target"))\n\n"
        head += "| " + headers.joined(separator: " | ") + " |\n"
        head += "|" + headers.enumerated().map { $0.offset < 2 ? " --- |" : " ---: |" }.joined() + "\n"
        for outcome in outcomes {
            head += "| " + cells(outcome).map(MarkdownDocument.cell).joined(separator: " | ") + " |\n"
        }
        head += "\n" + verdict(outcomes, exitCode: exitCode) + "\n"
        var sections = ""
        let budget = max(0, Self.markdownLimit - head.utf8.count - 200)
        let share = outcomes.isEmpty ? 0 : budget / outcomes.count
        for outcome in outcomes {
            let output = outputs[outcome.target] ?? ""
            // Target names hold only letters, digits, `.`, `_` and `-`: safe in HTML as they are.
            sections += "\n<details><summary>\(outcome.target): "
            sections += "\(outcome.status.rawValue)</summary>\n\n"
            // Each section spends about 250 characters on its summary line, fences and the "more" note.
            sections += Self.fenced(output, within: max(0, share - 300))
            sections += "\n</details>\n"
        }
        return head + sections
    }

    /// One line: how many targets ended how, and the exit code.
    private func verdict(_ outcomes: [TargetOutcome], exitCode: Int32) -> String {
        var counts: [TargetOutcome.Status: Int] = [:]
        for outcome in outcomes { counts[outcome.status, default: 0] += 1 }
        let order: [TargetOutcome.Status] = [
            .ok, .changes, .drift, .skipped, .refused, .partial, .error, .interrupted,
        ]
        let words: [TargetOutcome.Status: String] = [
            .ok: "ok", .changes: "with changes", .drift: "drifted", .skipped: "skipped", .refused: "refused",
            .partial: "partly applied", .error: "failed", .interrupted: "interrupted",
        ]
        let parts = order.compactMap { status in counts[status].map { "\($0) \(words[status]!)" } }
        return parts.joined(separator: ", ") + "; exit \(exitCode)."
    }

    /// `text` in a code fence longer than any run of backticks in it, cut to `limit` characters.
    static func fenced(_ text: String, within limit: Int) -> String {
        var body = text
        if body.utf8.count > limit {
            var kept = ""
            var size = 0
            for character in body {
                size += character.utf8.count
                if size > limit { break }
                kept.append(character)
            }
            let cut = body.count - kept.count
            body = kept + "\n… \(cut.formattedWithSeparators) more characters: see the job's log or the report file"
        }
        var longest = 0
        var run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        if !body.hasSuffix("\n") { body += "\n" }
        return "\(fence)text\n\(body)\(fence)\n"
    }

    /// Seconds with one decimal.
    public static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func count(_ value: Int, _ noun: String) -> String {
        "\(value.formattedWithSeparators) \(noun)\(value == 1 ? "" : "s")"
    }
}
