extension Change {
    /// A reason not to carry out a list of changes as written: what a saved plan is checked
    /// for before any request, because a hand-edited file must not show one thing and do another.
    public struct Inconsistency: Sendable, Hashable, CustomStringConvertible {
        /// The change's position in the list.
        public var index: Int
        /// Its action.
        public var action: Action
        /// Its number.
        public var number: String
        /// What is wrong.
        public var reason: String

        /// `operations[3] (update "+14155550100"): ...`.
        public var description: String {
            "operations[\(index)] (\(action.rawValue) \(number.quotedForDisplay)): \(reason)"
        }
    }

    /// Every inconsistency of `changes`, in list order; empty when they can be carried out
    /// exactly as they show.
    ///
    /// Checked: the number and every value sent follow `FieldRules`; a number is created at most
    /// once and nothing else touches a number that is created; no record is touched twice; every
    /// change on a record names it and the record it was computed from; an update sends exactly
    /// the `after` of its changes, whose `before` is the observed record; a disable sends exactly
    /// `enabled: false`; a delete sends nothing; a kept copy is another record of the same number,
    /// and nothing deletes or disables it.
    public static func inconsistencies(in changes: [Change]) -> [Inconsistency] {
        var problems: [Inconsistency] = []
        // Numbers and ids are matched within their list: the same number may be in several lists.
        var created: [ListScoped: Int] = [:]
        var touchedNumbers: [ListScoped: Int] = [:]
        var touchedIDs: [ListScoped: Int] = [:]
        for (index, change) in changes.enumerated() {
            func problem(_ reason: String) {
                problems.append(
                    Inconsistency(index: index, action: change.action, number: change.number, reason: reason))
            }
            for rule in change.list.problems(ofNumber: change.number) {
                problem("the number \(rule)")
            }
            let number = ListScoped(change.list, change.number)
            if change.action == .create {
                if let first = created[number] {
                    problem("creates the same number as operations[\(first)]")
                } else if let other = touchedNumbers[number] {
                    problem("creates a number that operations[\(other)] says is already on the server")
                }
                created[number] = created[number] ?? index
            } else {
                if let first = created[number] {
                    problem("touches a number that operations[\(first)] creates")
                }
                touchedNumbers[number] = touchedNumbers[number] ?? index
            }
            if let id = change.id {
                if let first = touchedIDs[ListScoped(change.list, id)] {
                    problem("touches record \(id) again, after operations[\(first)]")
                } else {
                    touchedIDs[ListScoped(change.list, id)] = index
                }
            }
            for reason in change.selfInconsistencies { problem(reason) }
        }
        // A kept copy must stay: nothing in the list may delete or disable it.
        for (index, change) in changes.enumerated() {
            guard let kept = change.keeps, let other = touchedIDs[ListScoped(change.list, kept.id)] else {
                continue
            }
            let action = changes[other].action
            guard action == .delete || action == .disable else { continue }
            problems.append(
                Inconsistency(
                    index: index, action: change.action, number: change.number,
                    reason: "keeps record \(kept.id), which operations[\(other)] \(action.rawValue)s"))
        }
        return problems.enumerated().sorted { ($0.element.index, $0.offset) < ($1.element.index, $1.offset) }.map(
            \.element)
    }

    /// What is wrong with this change on its own.
    private var selfInconsistencies: [String] {
        var reasons: [String] = []
        var sent: [Field: FieldValue] = [:]
        for assignment in assignments {
            if sent[assignment.field] != nil { reasons.append("sends \(assignment.field.rawValue) twice") }
            sent[assignment.field] = assignment.value
            let field = assignment.field
            guard list.fields.contains(field) else {
                reasons.append("sends \(field.name), which \(list.key) do not have")
                continue
            }
            guard field.accepts(assignment.value) else {
                reasons.append("sends \(field.name) as \(assignment.value), which is of the wrong type")
                continue
            }
            // The key's rules are checked on the number itself, above.
            if field != list.keyField, let maximum = field.maximumLength,
                case .string(let text) = assignment.value, let length = FieldRules.excessLength(text, maximum: maximum)
            {
                reasons.append(
                    "sends a \(field.name) of \(length.formattedWithSeparators) characters; PortSIP allows at most "
                        + maximum.formattedWithSeparators)
            }
        }
        switch action {
        case .create:
            if id != nil { reasons.append("a create names record \(id!), but creates get their id from the server") }
            if observed != nil || !fieldChanges.isEmpty || keeps != nil {
                reasons.append("a create has no server record to come from, but this one names one")
            }
            for field in list.fields where sent[field] == nil {
                reasons.append("does not send \(field.rawValue); a create sends every field")
            }
            if let sentNumber = sent[list.keyField], sentNumber != .string(number) {
                reasons.append("sends number \(sentNumber) but is shown as creating \(number.quotedForDisplay)")
            }
            return reasons
        case .update, .disable, .delete:
            guard let id, !id.isEmpty else {
                reasons.append("does not say which record it changes (no id)")
                return reasons
            }
            guard let observed else {
                reasons.append("does not record the server's values it was computed from (no observed record)")
                return reasons
            }
            if !observed.id.isByteEqual(to: id) {
                reasons.append("acts on record \(id) but was computed from record \(observed.id)")
            }
            if !observed.key.isByteEqual(to: number) {
                reasons.append(
                    "is shown as \(number.quotedForDisplay) but record \(observed.id) holds "
                        + observed.key.quotedForDisplay)
            }
            if let keeps {
                if keeps.id.isByteEqual(to: id) { reasons.append("keeps the very record it acts on") }
                if !keeps.key.isByteEqual(to: number) {
                    reasons.append("keeps record \(keeps.id), which holds another number")
                }
            }
        }
        let expected: [FieldChange]
        switch action {
        case .create:
            return reasons
        case .update:
            for field in list.fields where !field.updatable && sent[field] != nil {
                reasons.append("sends \(field.name), which an update never changes")
            }
            if sent.isEmpty { reasons.append("sends nothing") }
            expected = list.updatableFields.compactMap { field in
                sent[field].map { FieldChange(field: field, before: observed![field], after: $0) }
            }
            if expected.contains(where: { $0.field.matches($0.before, $0.after) }) {
                reasons.append("sends a value the record already has")
            }
        case .disable:
            guard let field = list.disablingField else {
                reasons.append("\(list.key) cannot be disabled, only deleted")
                return reasons
            }
            if sent != [field: .bool(false)] { reasons.append("a disable sends exactly \(field.name): false") }
            if observed![field] == .bool(false) { reasons.append("disables a record that is already disabled") }
            expected = [FieldChange(field: field, before: observed![field], after: .bool(false))]
        case .delete:
            if !sent.isEmpty { reasons.append("a delete sends no fields") }
            expected = []
        }
        if fieldChanges != expected {
            reasons.append(
                "its changes (\(Self.describe(fieldChanges))) are not what it sends to record \(observed!.id) "
                    + "(\(Self.describe(expected)))")
        }
        return reasons
    }

    private static func describe(_ changes: [FieldChange]) -> String {
        changes.isEmpty
            ? "none" : changes.map { "\($0.field.rawValue): \($0.before) → \($0.after)" }.joined(separator: ", ")
    }
}

/// A number or id within its list.
private struct ListScoped: Hashable {
    var list: String
    var text: ExactText

    init(_ list: PortSIPList, _ text: String) {
        self.list = list.key
        self.text = ExactText(text)
    }
}
