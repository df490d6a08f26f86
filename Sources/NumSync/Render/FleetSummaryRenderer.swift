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
        if isDrift { return ["target", "status", "changed", "missing", "unmanaged", "agents", "members", "seconds"] }
        if hasChanges { return ["target", "status", "creates", "updates", "disables", "deletes", "seconds"] }
        return ["target", "status", "seconds"]
    }

    private func cells(_ outcome: TargetOutcome) -> [String] {
        var cells = [outcome.target, outcome.status.rawValue]
        if isDrift {
            if let drift = outcome.driftTotal {
                cells += [drift.changed, drift.missing, drift.unmanaged, drift.agents, drift.members].map(
                    \.formattedWithSeparators)
            } else {
                cells += ["-", "-", "-", "-", "-"]
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

    /// `summary.md`: the table, then each target's output in a collapsed section, the whole
    /// under `markdownLimit` characters (UTF-8 bytes, which count at least as many): the table
    /// takes at most half, and rows past that are one line saying how many more there are; each
    /// target's output gets an even share of the rest, and targets whose section no longer fits
    /// are counted in a closing line.
    public func markdown(_ outcomes: [TargetOutcome], outputs: [String: String], exitCode: Int32) -> String {
        var head = "## numsync \(command): \(Self.count(outcomes.count, "target"))\n\n"
        head += "| " + headers.joined(separator: " | ") + " |\n"
        head += "|" + headers.enumerated().map { $0.offset < 2 ? " --- |" : " ---: |" }.joined() + "\n"
        // Room for the verdict, a "more targets" row and the closing line.
        let tableLimit = Self.markdownLimit / 2
        var shownRows = 0
        for outcome in outcomes {
            let row = "| " + cells(outcome).map(MarkdownDocument.cell).joined(separator: " | ") + " |\n"
            guard head.utf8.count + row.utf8.count <= tableLimit else { break }
            head += row
            shownRows += 1
        }
        if shownRows < outcomes.count {
            let rest = Array(outcomes[shownRows...])
            head += "| … | \(Self.count(rest.count, "more target")) (\(tally(rest))): see summary.json |"
            head += String(repeating: " |", count: max(0, headers.count - 2)) + "\n"
        }
        head += "\n" + verdict(outcomes, exitCode: exitCode) + "\n"
        // What each section spends besides the output: summary line, fences, the "more" note.
        let overhead = 400
        let closing = 200
        let budget = max(0, Self.markdownLimit - head.utf8.count - closing)
        let share = outcomes.isEmpty ? 0 : max(overhead + 200, budget / outcomes.count)
        var sections = ""
        var left: [TargetOutcome] = []
        for (index, outcome) in outcomes.enumerated() {
            let output = outputs[outcome.target] ?? ""
            // Target names hold only letters, digits, `.`, `_` and `-`: safe in HTML as they are.
            var section = "\n<details><summary>\(outcome.target): \(outcome.status.rawValue)</summary>\n\n"
            section += Self.fenced(output, within: share - overhead)
            section += "\n</details>\n"
            guard sections.utf8.count + section.utf8.count <= budget else {
                left = Array(outcomes[index...])
                break
            }
            sections += section
        }
        if !left.isEmpty {
            sections += "\nThe output of \(Self.count(left.count, "more target")) (\(tally(left))) is left out to keep "
            sections += "this under \(Self.markdownLimit.formattedWithSeparators) characters: see the job's log.\n"
        }
        return head + sections
    }

    /// `3 ok, 1 failed`: how the targets ended, in the verdict's order.
    private func tally(_ outcomes: [TargetOutcome]) -> String {
        var counts: [TargetOutcome.Status: Int] = [:]
        for outcome in outcomes { counts[outcome.status, default: 0] += 1 }
        return Self.statusOrder.compactMap { status in counts[status].map { "\($0) \(Self.statusWords[status]!)" } }
            .joined(separator: ", ")
    }

    private static let statusOrder: [TargetOutcome.Status] = [
        .ok, .changes, .drift, .skipped, .refused, .partial, .error, .timedOut, .interrupted,
    ]
    private static let statusWords: [TargetOutcome.Status: String] = [
        .ok: "ok", .changes: "with changes", .drift: "drifted", .skipped: "skipped", .refused: "refused",
        .partial: "partly applied", .error: "failed", .timedOut: "timed out", .interrupted: "interrupted",
    ]

    /// One line: how many targets ended how, and the exit code.
    private func verdict(_ outcomes: [TargetOutcome], exitCode: Int32) -> String {
        tally(outcomes) + "; exit \(exitCode)."
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
