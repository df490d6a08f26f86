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

    /// The threshold the options set.
    var threshold: SafetyThreshold { SafetyThreshold(maxChangePercent: maxChangePercent) }

    /// The safety threshold's verdict on a plan, in its context (`PlanContext.judging`).
    func judge(_ plan: Plan, in context: PlanContext) -> PlanContext {
        context.judging(plan, by: threshold, force: force)
    }

    /// Prints the refusal and exits 4 when the plan is over the threshold and not forced.
    func check(_ context: PlanContext) throws {
        if let refusal = context.refusal, !context.forced {
            throw ExitStatus.fail(Refusal.safety(refusal))
        }
    }
}
