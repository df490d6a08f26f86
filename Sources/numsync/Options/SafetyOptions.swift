import ArgumentParser
import NumSync
import NumSyncCore

/// The guards of a plan: the safety threshold (`--force`, `--max-change-percent`) and a policy
/// file (`--policy`), which `--force` does not lift.
struct SafetyOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Check every plan against the rules in this policy file (repeatable; numsync schema --policy); --force does not lift them.",
            valueName: "file"))
    var policy: [String] = []

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

    /// The policy `--policy` names, read before any request; nil without one. A policy file with
    /// any problem is not used: its problems are printed and the command exits 1.
    func loadPolicy(style: TextStyle) throws -> Policy? {
        guard !policy.isEmpty else { return nil }
        var rules: [Policy.Rule] = []
        var failed = false
        for path in policy {
            let (loaded, diagnostics) = PolicyFileLoader.load(path)
            if !diagnostics.isEmpty { Terminal.err(DiagnosticRenderer.text(diagnostics, style: style)) }
            if let loaded { rules += loaded.rules } else { failed = true }
        }
        // Every file is read and its problems shown before failing.
        if failed { throw ExitCode(ExitStatus.error) }
        return Policy(file: policy.joined(separator: ", "), rules: rules)
    }

    /// Throws the refusal (exit 4) when the plan breaks the policy, or is over the threshold and
    /// not forced.
    func check(_ context: PlanContext) throws {
        if let verdict = context.policy, !verdict.holds { throw ExitStatus.fail(Refusal.policy(verdict)) }
        if let refusal = context.refusal, !context.forced {
            throw ExitStatus.fail(Refusal.safety(refusal))
        }
    }
}
