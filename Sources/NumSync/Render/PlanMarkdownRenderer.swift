import NumSyncCore

/// Renders a plan for a pull-request comment: summary first, tables inside `<details>`, never
/// over 60,000 characters.
public struct PlanMarkdownRenderer: Sendable {
    /// The size limit.
    public var limit = 60_000

    /// Creates a renderer.
    public init() {}

    /// The Markdown text. A plan of exclusive numbers alone reads as it always has; otherwise
    /// each list has a heading, its counts and its tables.
    public func render(_ plan: Plan, context: PlanContext) -> String {
        var document = MarkdownDocument(limit: limit)
        document.append("### numsync plan: \(counts(plan.summary, empty: plan.isEmpty))\n\n")
        document.append(context.refusalMarkdown)
        if plan.isPrimaryListOnly {
            append(plan.lists[0], context: context, to: &document)
        } else {
            for list in plan.lists {
                document.append(
                    "#### `\(list.list.key)`: \(counts(list.summary, empty: list.isEmpty))\n\n")
                append(list, context: context, to: &document)
            }
        }
        return document.finished(more: "rows")
    }

    /// `3 to create, 1 to update, 0 to disable, 0 to delete`, `2 member changes` for a list read
    /// only, or `no changes`.
    private func counts(_ summary: PlanSummary, empty: Bool) -> String {
        guard !empty else { return "no changes" }
        guard summary.recordsManaged else {
            let count = summary.relationChanges ?? 0
            return "\(count.formattedWithSeparators) \(summary.relationItem) \(count == 1 ? "change" : "changes")"
        }
        return "\(summary.create.formattedWithSeparators) to create, "
            + "\(summary.update.formattedWithSeparators) to update, "
            + "\(summary.disable.formattedWithSeparators) to disable, "
            + "\(summary.delete.formattedWithSeparators) to delete"
    }

    /// One list's counts line and tables.
    private func append(_ plan: ListPlan, context: PlanContext, to document: inout MarkdownDocument) {
        let summary = plan.summary
        if plan.list.isReadOnly {
            document.append(
                "\(summary.unchanged.formattedWithSeparators) unchanged · server \(MarkdownDocument.code(context.server))\n\n"
            )
        } else {
            document.append(
                "\(summary.unchanged.formattedWithSeparators) unchanged, \(summary.unmanaged.formattedWithSeparators) "
                    + "unmanaged (policy `\(plan.policy.unmanaged.rawValue)`) · server \(MarkdownDocument.code(context.server))\n\n"
            )
        }
        let list = plan.list
        let key = list.keyField.name
        let valueNames = list.valueFields.map(\.name)
        let records = plan.recordChanges
        let creates = records.filter { $0.action == .create }
        document.table(
            summary: "➕ \(creates.count.formattedWithSeparators) to create",
            header: [key] + valueNames + ["source"],
            rows: creates.map { change in
                let values = Dictionary(uniqueKeysWithValues: change.assignments.map { ($0.field, $0.value) })
                return [MarkdownDocument.code(change.number)] + list.valueFields.map { cellValue(values[$0]) }
                    + [source(change)]
            })
        for action in [Change.Action.update, .disable] {
            let changes = records.filter { $0.action == action }
            let symbol = action == .update ? "✏️" : "⏸️"
            document.table(
                summary: "\(symbol) \(changes.count.formattedWithSeparators) to \(action.rawValue)",
                header: [key, "field", "server", "desired", "source"],
                rows: changes.flatMap { change in
                    change.fieldChanges.map { field in
                        [
                            MarkdownDocument.code(change.number), field.field.rawValue, cellValue(field.before),
                            cellValue(field.after), source(change),
                        ]
                    }
                })
        }
        for relation in plan.relations {
            let changes = plan.relationChanges.filter { $0.relationChange?.relation == relation }
            let targets = relation.target == nil ? [] : ["queue"]
            document.table(
                summary: "👥 \(changes.count.formattedWithSeparators) \(relation.itemName) "
                    + (changes.count == 1 ? "change" : "changes"),
                header: [key] + targets + ["add", "remove", "source"],
                rows: changes.compactMap { change in
                    change.relationChange.map { relation in
                        [MarkdownDocument.code(change.number)]
                            + (relation.target.map { [MarkdownDocument.code($0)] } ?? [])
                            + [
                                relation.shownAdditions(quote: MarkdownDocument.code).joined(separator: ", "),
                                relation.removed.map(MarkdownDocument.code).joined(separator: ", "),
                                MarkdownDocument.code(change.source?.fileAndLine ?? "unmanaged"),
                            ]
                    }
                })
        }
        let deletes = records.filter { $0.action == .delete }
        document.table(
            summary: "🗑️ \(deletes.count.formattedWithSeparators) to delete",
            header: [key, "id"] + valueNames,
            rows: deletes.map { change in
                [MarkdownDocument.code(change.number), MarkdownDocument.code(change.id ?? "")]
                    + list.valueFields.map { field in cellValue(change.observed.map { $0[field] }) }
            })
        if plan.policy.unmanaged == .ignore {
            document.table(
                summary: "\(plan.unmanaged.count.formattedWithSeparators) unmanaged, left alone",
                header: [key, "id"] + valueNames,
                rows: plan.unmanaged.map { record in
                    [MarkdownDocument.code(record.key), MarkdownDocument.code(record.id)]
                        + list.valueFields.map { cellValue(record[$0]) }
                })
        }
        document.table(
            summary: "⚠️ \(plan.duplicates.count.formattedWithSeparators) duplicated on the server",
            header: [key, "managed id", "extra ids"],
            rows: plan.duplicates.map { duplicate in
                [
                    MarkdownDocument.code(duplicate.number), MarkdownDocument.code(duplicate.kept.id),
                    duplicate.extras.map { MarkdownDocument.code($0.id) }.joined(separator: ", "),
                ]
            })
    }

    private func source(_ change: Change) -> String {
        change.source.map { MarkdownDocument.code($0.fileAndLine) } ?? "unmanaged"
    }

    private func cellValue(_ value: FieldValue?) -> String {
        switch value {
        case nil: return ""
        case .bool(let flag)?: return flag ? "true" : "false"
        case .string(let text)?: return text.isEmpty ? "_(empty)_" : MarkdownDocument.cell(text)
        }
    }
}
