import NumSyncCore

/// Renders a plan the way Terraform does: `+ create`, `~ update` with `field: old → new`,
/// `- disable`/`- delete`, the source of each entry, and a summary line.
public struct PlanTextRenderer: Sendable {
    /// Colours or not.
    public var style: TextStyle
    /// How many unmanaged numbers are named before "and N more".
    public var unmanagedShown = 5

    /// Creates a renderer.
    public init(style: TextStyle = .plain) {
        self.style = style
    }

    /// The whole plan, ending with a newline. A plan of exclusive numbers alone reads as it
    /// always has; otherwise each list with something to show has a heading, and the plan ends
    /// with one summary line per list.
    public func render(_ plan: Plan, context: PlanContext) -> String {
        if plan.isPrimaryListOnly { return render(plan.lists[0], context: context) }
        var out =
            plan.isEmpty ? noChanges(plan.lists) : "numsync will perform these actions on \(Self.place(context)):\n\n"
        for list in plan.lists where !list.isEmpty || !list.unmanaged.isEmpty || !list.duplicates.isEmpty {
            out += style.bold("\(list.list.key):") + "\n"
            for change in list.changes { out += render(change) + "\n" }
            out += unmanagedSection(list)
            out += duplicatesSection(list)
        }
        for list in plan.lists {
            out += style.bold(Self.line(list.summary, of: list.list)) + "\n"
        }
        return out + context.refusalText(style: style)
    }

    /// The server, and its version when it was read: `https://pbx.example.com:8887 (PortSIP 22.3.0)`.
    static func place(_ context: PlanContext) -> String {
        context.server + (context.serverVersion.map { " (PortSIP \($0))" } ?? "")
    }

    /// `Plan for vip_numbers: 1 to create, ...`: a summary line that names its list.
    static func line(_ summary: PlanSummary, of list: PortSIPList) -> String {
        "Plan for \(list.key):" + summary.line.dropFirst("Plan:".count)
    }

    /// One list's plan, with no heading, ending with a newline.
    public func render(_ plan: ListPlan, context: PlanContext) -> String {
        var out = ""
        let summary = plan.summary
        if plan.isEmpty {
            out += noChanges([plan])
        } else {
            out += "numsync will perform these actions on \(Self.place(context)):\n\n"
            for change in plan.changes {
                out += render(change) + "\n"
            }
        }
        out += unmanagedSection(plan)
        out += duplicatesSection(plan)
        out += style.bold(summary.line) + "\n"
        return out + context.refusalText(style: style)
    }

    /// What an empty plan says: that the server matches, or, when it holds records in no file,
    /// that there is nothing to apply although drift would report them, and how they would go.
    private func noChanges(_ lists: [ListPlan]) -> String {
        let unmanaged = lists.reduce(0) { $0 + $1.unmanaged.count }
        guard unmanaged > 0 else { return style.bold("No changes.") + " The server matches the desired state.\n\n" }
        let policies = Set(lists.filter { !$0.unmanaged.isEmpty }.map(\.policy.unmanaged))
        let named = lists.filter { !$0.unmanaged.isEmpty }
        let records =
            named.count == 1
            ? (unmanaged == 1 ? named[0].list.recordName : named[0].list.recordName + "s")
            : (unmanaged == 1 ? "record" : "records")
        let verb = unmanaged == 1 ? "is" : "are"
        let kept =
            policies == [.ignore]
            ? "left alone by `unmanaged: ignore`"
            : policies == [.disable]
                ? "disabled already, as `unmanaged: disable` wants" : "kept by their lists' policies"
        return style.bold("No changes to apply.") + " \(unmanaged.formattedWithSeparators) \(records) on the server "
            + "\(verb) in no file (\(kept); drift reports \(unmanaged == 1 ? "it" : "them"); `unmanaged: delete` "
            + "removes \(unmanaged == 1 ? "it" : "them")).\n\n"
    }

    /// One change: of a record, with its fields; of a relation, with what it adds and removes.
    public func render(_ change: Change) -> String {
        if let relation = change.relationChange { return render(relation, of: change) }
        var where_: [String] = []
        if let source = change.source { where_.append(source.fileAndLine) } else { where_.append("unmanaged") }
        if let id = change.id { where_.append("id \(id)") }
        if let kept = change.keeps { where_.append("id \(kept.id) stays") }
        let place = style.dim("(\(where_.joined(separator: ", ")))")
        let number = change.number.quotedForDisplay
        var out: String
        switch change.action {
        case .create:
            out = "  " + style.green("+ create \(number)") + "  \(place)\n"
            for assignment in change.assignments
            where assignment.field != change.list.keyField && !assignment.isBlank {
                out += "      \(pad(assignment.field.rawValue)) \(assignment.value)\n"
            }
        case .update:
            out = "  " + style.yellow("~ update \(number)") + "  \(place)\n"
            out += changes(change.fieldChanges)
        case .disable:
            out = "  " + style.red("- disable \(number)") + "  \(place)\n"
            out += changes(change.fieldChanges)
        case .delete:
            out = "  " + style.red("- delete \(number)") + "  \(place)\n"
            if let observed = change.observed {
                for field in change.list.valueFields {
                    out += "      \(pad(field.name)) \(observed[field])\n"
                }
            }
        }
        return out
    }

    /// One change of a relation: `~ agents "+1415…" queue 8000: + "103", - "101"`, or
    /// `~ members "8000": + "101" (skill 80), - "102"`.
    private func render(_ relation: RelationChange, of change: Change) -> String {
        var notes = [change.source?.fileAndLine ?? "unmanaged"]
        if change.id == nil { notes.append("once the number is created") }
        if change.part == 1 { notes.append("first part: before the exclusive agents that need them") }
        if change.part == 2 { notes.append("second part: after the exclusive agents that name them") }
        let place = style.dim("(\(notes.joined(separator: ", ")))")
        return "  " + style.yellow("~ \(relation.subject(of: change.number))") + ": "
            + relation.moves().joined(separator: ", ") + "  \(place)\n"
    }

    private func changes(_ changes: [FieldChange]) -> String {
        changes.map { "      \(pad($0.field.rawValue)) \($0.before) → \($0.after)\n" }.joined()
    }

    private func pad(_ name: String) -> String {
        (name + ":").padding(to: 12)
    }

    private func unmanagedSection(_ plan: ListPlan) -> String {
        guard !plan.unmanaged.isEmpty else { return "" }
        let count = plan.unmanaged.count
        let verb: String
        switch plan.policy.unmanaged {
        case .ignore: verb = "left alone (unmanaged: ignore)"
        case .disable: verb = "disabled when enabled (unmanaged: disable)"
        case .delete: verb = "deleted (unmanaged: delete)"
        }
        var out = "Unmanaged: \(count.formattedWithSeparators) \(count == 1 ? "number" : "numbers") on the server "
        out += "\(count == 1 ? "is" : "are") in no file and \(count == 1 ? "is" : "are") \(verb):\n  "
        let shown = plan.unmanaged.prefix(unmanagedShown).map(\.key.quotedForDisplay)
        out += shown.joined(separator: ", ")
        if count > shown.count {
            out += " and \((count - shown.count).formattedWithSeparators) more (--format json lists them all)"
        }
        return out + "\n\n"
    }

    private func duplicatesSection(_ plan: ListPlan) -> String {
        guard !plan.duplicates.isEmpty else { return "" }
        var out = "Duplicates on the server (the oldest copy is managed, the others are unmanaged):\n"
        for duplicate in plan.duplicates {
            out += "  \(duplicate.number.quotedForDisplay) is held \(duplicate.extras.count + 1) times: "
            out += "id \(duplicate.kept.id) is managed; "
            out += "\(duplicate.extras.map { "id \($0.id)" }.joined(separator: ", ")) "
            out += duplicate.extras.count == 1 ? "is unmanaged\n" : "are unmanaged\n"
        }
        return out + "\n"
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
