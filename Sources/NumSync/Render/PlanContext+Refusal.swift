import NumSyncCore

extension PlanContext {
    /// The refusal block of a text plan, or "" when the plan is within the safety threshold.
    func refusalText(style: TextStyle) -> String {
        policyText(style: style) + thresholdText(style: style)
    }

    /// The policy's block: one line when the plan keeps it, each violated rule otherwise.
    private func policyText(style: TextStyle) -> String {
        guard let policy else { return "" }
        guard !policy.holds else { return "\n" + policy.line + ".\n" }
        return "\n" + style.red("⛔ apply will be refused: \(policy.line).") + "\n"
            + policy.violations.map { "  \($0.description)\n" }.joined()
            + "  --force does not lift a policy: change the plan, or the policy file through its review.\n"
    }

    private func thresholdText(style: TextStyle) -> String {
        guard let refusal else { return "" }
        if forced {
            return "\n" + style.yellow("⚠ over the safety threshold: \(refusal.reason).") + "\n"
                + "  --force was given: apply goes ahead.\n"
        }
        return "\n" + style.red("⛔ apply will be refused: \(refusal.reason).") + "\n"
            + "  Check the plan, then pass --force after review, or raise --max-change-percent.\n"
    }

    /// The refusal block of a Markdown plan, or "".
    var refusalMarkdown: String {
        var text = ""
        if let policy {
            text +=
                policy.holds
                ? "> \(policy.line).\n\n"
                : "> ⛔ **apply will be refused**: \(policy.line). `--force` does not lift a policy.\n"
                    + policy.violations.map { "> - \(MarkdownDocument.cell($0.description))\n" }.joined() + "\n"
        }
        return text + thresholdMarkdown
    }

    private var thresholdMarkdown: String {
        guard let refusal else { return "" }
        if forced {
            return "> ⚠️ **over the safety threshold**: \(refusal.reason); `--force` was given, so apply goes ahead.\n\n"
        }
        return "> ⛔ **apply will be refused**: \(refusal.reason). Pass `--force` after review, or raise "
            + "`--max-change-percent`.\n\n"
    }
}
