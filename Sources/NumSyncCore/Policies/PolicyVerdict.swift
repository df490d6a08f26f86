/// What a policy says of one plan: how many rules it checked and which the plan breaks.
public struct PolicyVerdict: Sendable, Hashable {
    /// A rule the plan breaks, with what breaks it.
    public struct Violation: Sendable, Hashable {
        /// The rule.
        public var rule: Policy.Rule
        /// What breaks it: `3 deletes`, `"+441…" does not match`.
        public var reason: String
        /// The numbers (or group extensions) whose changes or entries break it, sorted.
        public var numbers: [String]

        /// `exclusive_numbers.max_deletes: 0 (policy.yaml:3:3): the plan has 3 deletes: "+1", "+2", "+3"`.
        public var description: String {
            let shown = numbers.prefix(5).map(\.quotedForDisplay).joined(separator: ", ")
            let more = numbers.count > 5 ? " and \((numbers.count - 5).formattedWithSeparators) more" : ""
            return "\(rule.written) (\(rule.source)): \(reason)" + (numbers.isEmpty ? "" : ": \(shown)\(more)")
        }
    }

    /// The policy file.
    public var file: String
    /// How many rules were checked.
    public var rulesChecked: Int
    /// The rules broken, in file order.
    public var violations: [Violation]

    /// Whether the plan keeps every rule.
    public var holds: Bool { violations.isEmpty }

    /// `policy policy.yaml: 5 rules checked, 0 violated`.
    public var line: String {
        "policy \(file): \(rulesChecked.formattedWithSeparators) \(rulesChecked == 1 ? "rule" : "rules") checked, "
            + "\(violations.count.formattedWithSeparators) violated"
    }
}

extension Policy {
    /// What can be checked without a server: each entry whose number breaks a `number_pattern`
    /// rule of its list, as an error at the entry (for `numsync validate --policy`).
    public func entryDiagnostics(_ desired: DesiredState) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for rule in rules where rule.kind == .numberPattern {
            guard let regex = try? Regex(rule.pattern) else { continue }
            for entry in desired[rule.list]?.numbers ?? [] where (try? regex.firstMatch(in: entry.number)) == nil {
                diagnostics.append(.breaksPolicy(entry.number, rule: rule, at: entry.source))
            }
        }
        return diagnostics
    }

    /// Checks a plan. `desired` is the desired state it was made from, when there is one: then
    /// `number_pattern` covers every number the files want; for a saved plan (nil) it covers the
    /// numbers the plan creates.
    public func check(_ plan: Plan, desired: DesiredState?) -> PolicyVerdict {
        var violations: [PolicyVerdict.Violation] = []
        for rule in rules {
            let changes = plan[rule.list]?.changes ?? []
            func limit(_ counted: [Change], _ noun: String) {
                guard counted.count > rule.limit else { return }
                let numbers = Set(counted.map(\.number)).sorted { $0.precedesByBytes($1) }
                violations.append(
                    .init(
                        rule: rule,
                        reason: "the plan has \(counted.count.formattedWithSeparators) \(noun)"
                            + (counted.count == 1 ? "" : "s"),
                        numbers: numbers))
            }
            func records(_ action: Change.Action) -> [Change] {
                changes.filter { $0.isRecordChange && $0.action == action }
            }
            switch rule.kind {
            case .maxCreates: limit(records(.create), "create")
            case .maxUpdates: limit(records(.update), "update")
            case .maxDisables: limit(records(.disable), "disable")
            case .maxDeletes: limit(records(.delete), "delete")
            case .maxChanges: limit(Change.joiningParts(changes), "change")
            case .maxMemberRemovals:
                for change in changes {
                    guard let relation = change.relationChange, relation.removed.count > rule.limit else { continue }
                    violations.append(
                        .init(
                            rule: rule,
                            reason: "the plan removes \(relation.removed.count.formattedWithSeparators) members of "
                                + "\(rule.list.recordName) \(change.number.quotedForDisplay)",
                            numbers: relation.removed))
                }
            case .numberPattern:
                // The decoder refused a pattern that does not compile.
                guard let regex = try? Regex(rule.pattern) else { continue }
                let numbers =
                    desired.map { state in state[rule.list]?.numbers.map(\.number) ?? [] }
                    ?? records(.create).map(\.number)
                let failing = numbers.filter { (try? regex.firstMatch(in: $0)) == nil }
                guard !failing.isEmpty else { continue }
                violations.append(
                    .init(
                        rule: rule,
                        reason:
                            "\(failing.count.formattedWithSeparators) \(failing.count == 1 ? "number does" : "numbers do") not match",
                        numbers: failing.sorted { $0.precedesByBytes($1) }))
            }
        }
        return PolicyVerdict(file: file, rulesChecked: rules.count, violations: violations)
    }
}
