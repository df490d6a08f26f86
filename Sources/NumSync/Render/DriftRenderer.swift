import NumSyncCore

/// Renders a drift report as text or Markdown: changed on the server, missing from it, and
/// unmanaged.
public struct DriftRenderer: Sendable {
    /// Colours or not.
    public var style: TextStyle
    /// How many unmanaged numbers text output names.
    public var unmanagedShown = 10

    /// Creates a renderer.
    public init(style: TextStyle = .plain) {
        self.style = style
    }

    /// Text, ending with a newline. A report on exclusive numbers alone reads as it always has;
    /// otherwise each list has a heading and its own summary line.
    public func text(_ report: DriftReport, server: String) -> String {
        let waysOut =
            report.hasDrift
            ? "\nTo end the drift: `numsync apply` makes the server match the files, or `numsync export` "
                + "adopts what the server holds into files to review and commit.\n" : ""
        if report.isPrimaryListOnly { return text(report.lists[0], server: server) + waysOut }
        var out = ""
        for list in report.lists
        where !list.changed.isEmpty || !list.missing.isEmpty || !list.unmanaged.isEmpty
            || !(list.relationChanges?.isEmpty ?? true)
        {
            out += style.bold("\(list.list.key):") + "\n" + details(list)
        }
        for list in report.lists {
            out +=
                summaryLine(list).replacingFirst("Drift:", "Drift in \(list.list.key):")
                .replacingFirst("No drift.", "No drift in \(list.list.key).") + "\n"
        }
        return out + waysOut
    }

    /// One list's report, with no heading, ending with a newline.
    public func text(_ report: ListDrift, server: String) -> String {
        details(report) + summaryLine(report) + "\n"
    }

    /// One list's changed, missing and unmanaged records, each group ending with a blank line.
    private func details(_ report: ListDrift) -> String {
        var out = ""
        for relation in report.relations {
            let changes = (report.relationChanges ?? []).filter { $0.relationChange?.relation == relation }
            guard !changes.isEmpty else { continue }
            out +=
                style.bold(
                    "\(relation.capitalizedName) differ on the server (\(changes.count.formattedWithSeparators)):")
                + "\n"
            for change in changes {
                guard let relation = change.relationChange else { continue }
                let held = relation.shownBefore().joined(separator: ", ")
                let wanted = relation.shownAfter().joined(separator: ", ")
                let target = relation.target.map { " queue \($0)" } ?? ""
                out +=
                    "  " + style.yellow("~ \(change.number.quotedForDisplay)\(target)") + "  "
                    + style.dim("(\(change.source?.fileAndLine ?? "unmanaged"))") + "\n"
                out += "      server [\(held)], file [\(wanted)]\n"
            }
            out += "\n"
        }
        if !report.changed.isEmpty {
            out += style.bold("Changed on the server (\(report.changed.count.formattedWithSeparators)):") + "\n"
            for change in report.changed {
                let place = [change.source?.fileAndLine, "id \(change.id)"].compactMap { $0 }.joined(separator: ", ")
                out +=
                    "  " + style.yellow("~ \(change.number.quotedForDisplay)") + "  " + style.dim("(\(place))") + "\n"
                for field in change.fields {
                    out +=
                        "      \((field.field.rawValue + ":").padding(to: 12)) server \(field.before), file \(field.after)\n"
                }
            }
            out += "\n"
        }
        if !report.missing.isEmpty {
            out += style.bold("Missing from the server (\(report.missing.count.formattedWithSeparators)):") + "\n"
            for number in report.missing {
                out +=
                    "  " + style.green("+ \(number.number.quotedForDisplay)") + "  "
                    + style.dim("(\(number.source.fileAndLine))") + "\n"
            }
            out += "\n"
        }
        if !report.unmanaged.isEmpty {
            let note = report.ignoresUnmanaged ? " — ignored (--ignore-unmanaged)" : ""
            out +=
                style.bold(
                    "Unmanaged, on the server but in no file (\(report.unmanaged.count.formattedWithSeparators))\(note):"
                ) + "\n"
            for record in report.unmanaged.prefix(unmanagedShown) {
                out +=
                    "  " + style.red("? \(record.key.quotedForDisplay)") + "  " + style.dim("(id \(record.id))")
                    + "\n"
            }
            if report.unmanaged.count > unmanagedShown {
                out +=
                    "  … and \((report.unmanaged.count - unmanagedShown).formattedWithSeparators) more (--format json lists them all)\n"
            }
            out += "\n"
        }
        return out
    }

    /// `Drift: 1 changed, 2 missing, 3 unmanaged. 1,200 in sync.` or `No drift: ...`; with
    /// `, 2 agent changes` before the period when entries manage agents.
    public func summaryLine(_ report: ListDrift) -> String {
        let item = report.relations.count == 1 ? report.relations[0].itemName : "agent"
        if report.list.isReadOnly {
            // A list read only (call queues): its members are all it manages.
            let count = report.relationChanges?.count ?? 0
            let counts =
                "\(count.formattedWithSeparators) \(item) \(count == 1 ? "change" : "changes"). "
                + "\(report.inSyncCount.formattedWithSeparators) in sync."
            return report.hasDrift ? style.bold("Drift: " + counts) : style.bold("No drift.") + " " + counts
        }
        let agents =
            report.relationChanges.map {
                ", \($0.count.formattedWithSeparators) \(item) \($0.count == 1 ? "change" : "changes")"
            } ?? ""
        let counts =
            "\(report.changed.count.formattedWithSeparators) changed, \(report.missing.count.formattedWithSeparators) "
            + "missing, \(report.unmanaged.count.formattedWithSeparators) unmanaged\(agents). "
            + "\(report.inSyncCount.formattedWithSeparators) in sync."
        return report.hasDrift ? style.bold("Drift: " + counts) : style.bold("No drift.") + " " + counts
    }

    /// Markdown for a pull-request comment or an issue, within the size limit.
    public func markdown(_ report: DriftReport, server: String, limit: Int = 60_000) -> String {
        var document = MarkdownDocument(limit: limit)
        document.append(
            report.hasDrift ? "### numsync drift: the server differs from the files\n\n" : "### numsync drift: none\n\n"
        )
        if report.isPrimaryListOnly {
            append(report.lists[0], server: server, to: &document)
        } else {
            for list in report.lists {
                document.append("#### `\(list.list.key)`: \(list.hasDrift ? "drift" : "no drift")\n\n")
                append(list, server: server, to: &document)
            }
        }
        return document.finished(more: "rows")
    }

    /// One list's counts line and tables.
    private func append(_ report: ListDrift, server: String, to document: inout MarkdownDocument) {
        if report.list.isReadOnly {
            document.append(
                "\(report.inSyncCount.formattedWithSeparators) in sync · server \(MarkdownDocument.code(server))\n\n")
        } else {
            document.append(
                "\(report.changed.count.formattedWithSeparators) changed, \(report.missing.count.formattedWithSeparators) "
                    + "missing, \(report.unmanaged.count.formattedWithSeparators) unmanaged"
                    + (report.ignoresUnmanaged ? " (ignored)" : "")
                    + ", \(report.inSyncCount.formattedWithSeparators) in sync · server \(MarkdownDocument.code(server))\n\n"
            )
        }
        let list = report.list
        let key = list.keyField.name
        let valueNames = list.valueFields.map(\.name)
        document.table(
            summary: "Changed on the server (\(report.changed.count.formattedWithSeparators))",
            header: [key, "field", "server", "file", "source"],
            rows: report.changed.flatMap { change in
                change.fields.map {
                    [
                        MarkdownDocument.code(change.number), $0.field.rawValue, cell($0.before), cell($0.after),
                        change.source.map { MarkdownDocument.code($0.fileAndLine) } ?? "",
                    ]
                }
            })
        document.table(
            summary: "Missing from the server (\(report.missing.count.formattedWithSeparators))",
            header: [key] + valueNames + ["source"],
            rows: report.missing.map { wanted in
                [MarkdownDocument.code(wanted.number)] + list.valueFields.map { cell(wanted[$0]) }
                    + [MarkdownDocument.code(wanted.source.fileAndLine)]
            })
        for relation in report.relations {
            let changes = (report.relationChanges ?? []).filter { $0.relationChange?.relation == relation }
            document.table(
                summary: "\(relation.capitalizedName) that differ (\(changes.count.formattedWithSeparators))",
                header: [key] + (relation.target == nil ? [] : ["queue"]) + ["server", "file", "source"],
                rows: changes.compactMap { change in
                    change.relationChange.map { relation in
                        [MarkdownDocument.code(change.number)]
                            + (relation.target.map { [MarkdownDocument.code($0)] } ?? [])
                            + [
                                relation.shownBefore(quote: MarkdownDocument.code).joined(separator: ", "),
                                relation.shownAfter(quote: MarkdownDocument.code).joined(separator: ", "),
                                MarkdownDocument.code(change.source?.fileAndLine ?? "unmanaged"),
                            ]
                    }
                })
        }
        document.table(
            summary: "Unmanaged (\(report.unmanaged.count.formattedWithSeparators))",
            header: [key, "id"] + valueNames,
            rows: report.unmanaged.map { record in
                [MarkdownDocument.code(record.key), MarkdownDocument.code(record.id)]
                    + list.valueFields.map { cell(record[$0]) }
            })
    }

    private func cell(_ value: FieldValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text): return text.isEmpty ? "_(empty)_" : MarkdownDocument.cell(text)
        }
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced.
    fileprivate func replacingFirst(_ target: String, _ replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
