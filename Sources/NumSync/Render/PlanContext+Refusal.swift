import NumSyncCore

extension PlanContext {
    /// The refusal block of a text plan, or "" when the plan is within the safety threshold.
    func refusalText(style: TextStyle) -> String {
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
        guard let refusal else { return "" }
        if forced {
            return "> ⚠️ **over the safety threshold**: \(refusal.reason); `--force` was given, so apply goes ahead.\n\n"
        }
        return "> ⛔ **apply will be refused**: \(refusal.reason). Pass `--force` after review, or raise "
            + "`--max-change-percent`.\n\n"
    }
}
