import ArgumentParser
import NumSync
import NumSyncCore

/// The safety threshold: `--force` and `--max-change-percent`.
struct SafetyOptions: ParsableArguments {
    @Flag(help: "Apply even when the plan touches more of the server's numbers than the safety threshold allows.")
    var force = false

    @Option(
        help:
            "Refuse plans that update, disable or delete more than this percentage of the server's numbers (when it holds 10 or more)."
    )
    var maxChangePercent: Int = SafetyThreshold.standard.maxChangePercent

    func validate() throws {
        guard (0...100).contains(maxChangePercent) else {
            throw ValidationError("--max-change-percent must be from 0 to 100")
        }
    }

    /// Prints the refusal and exits 4 when a list's changes are over the threshold and not
    /// forced; each list counts against the records the server holds in it (by list key).
    /// A number whose agents change counts as changed, once.
    func check(_ changes: [Change], agents: [AgentChange] = [], serverCounts: [String: Int]) throws {
        guard !force else { return }
        let threshold = SafetyThreshold(maxChangePercent: maxChangePercent)
        if let refusal = threshold.refusal(of: changes, serverCounts: serverCounts) {
            throw ExitStatus.fail(Refusal.safety(refusal))
        }
        let collection = ResourceCollection.exclusiveNumbers
        var touched = Set(
            changes.filter { $0.collection.key == collection.key && $0.touchesExistingRecord }.compactMap(\.id))
        for change in agents { if let id = change.numberID { touched.insert(id) } }
        if !agents.isEmpty,
            let refusal = threshold.refusal(
                touched: touched.count, serverCount: serverCounts[collection.key] ?? 0, in: collection)
        {
            throw ExitStatus.fail(Refusal.safety(refusal))
        }
    }

    /// The same for a plan.
    func check(_ plan: Plan) throws {
        guard !force else { return }
        if let refusal = SafetyThreshold(maxChangePercent: maxChangePercent).refusal(of: plan) {
            throw ExitStatus.fail(Refusal.safety(refusal))
        }
    }
}
