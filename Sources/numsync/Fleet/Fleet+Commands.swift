import ArgumentParser
import Foundation
import NumSync
import NumSyncCore

/// The counts a target's report file holds: only what the summary needs.
private struct ReportCounts: Decodable {
    struct Summary: Decodable {
        var create: Int?
        var update: Int?
        var disable: Int?
        var delete: Int?
        var created: Int?
        var updated: Int?
        var disabled: Int?
        var deleted: Int?
    }

    /// A list's counts: a drift report's (`changed`, `missing`, `unmanaged`); a plan's lists
    /// have other counts and decode with `changed` absent.
    struct ListDrift: Decodable {
        var changed: Int?
        var missing: Int?
        var unmanaged: Int?
        var agent_changes: Int?
        var member_changes: Int?
    }

    var kind: String?
    var summary: Summary?
    var lists: [String: ListDrift]?

    static func read(_ path: String) -> ReportCounts? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(ReportCounts.self, from: data)
    }

    /// Planned changes (a plan) or carried-out ones (an apply report).
    var changes: TargetOutcome.Changes? {
        guard let summary else { return nil }
        if let created = summary.created {
            return TargetOutcome.Changes(
                creates: created, updates: summary.updated ?? 0, disables: summary.disabled ?? 0,
                deletes: summary.deleted ?? 0)
        }
        guard let create = summary.create else { return nil }
        return TargetOutcome.Changes(
            creates: create, updates: summary.update ?? 0, disables: summary.disable ?? 0, deletes: summary.delete ?? 0)
    }

    var drift: [String: TargetOutcome.Drift]? {
        guard kind == "drift" else { return nil }
        return lists?.mapValues {
            TargetOutcome.Drift(
                changed: $0.changed ?? 0, missing: $0.missing ?? 0, unmanaged: $0.unmanaged ?? 0,
                agents: $0.agent_changes ?? 0, members: $0.member_changes ?? 0)
        }
    }
}

extension TargetOutcome.Status {
    /// The status an exit code means; `changes` names what exit 2 means for the command.
    init(exitCode: Int32, changes: TargetOutcome.Status) {
        switch exitCode {
        case ExitStatus.success: self = .ok
        case ExitStatus.changes: self = changes
        case ExitStatus.partial: self = .partial
        case ExitStatus.refused: self = .refused
        case ExitStatus.interrupted: self = .interrupted
        default: self = .error
        }
    }
}

extension Fleet.StageResult {
    /// How the run ended, in the fleet's words: timed out, or what its exit code means
    /// (`changes` says what exit 2 means for the command).
    func outcome(changes: TargetOutcome.Status) -> TargetOutcome.Status {
        timedOut ? .timedOut : TargetOutcome.Status(exitCode: status, changes: changes)
    }

    /// The exit code the run counts as. One stopped at `--target-timeout` is an error (1); an
    /// apply so stopped may have written part of its plan, which a new run completes (3).
    func exitCode(writes: Bool) -> Int32 {
        guard timedOut else { return status }
        return writes ? ExitStatus.partial : ExitStatus.error
    }
}

extension Fleet {
    /// A target's block heading: its outcome in the fleet's words, and the exit code it counts
    /// as in the fleet's (`exitCode`; none for a plan that an apply stage follows), never the
    /// child's own when the two differ (a plan's changes are exit 2 only with
    /// --detailed-exitcode).
    private func heading(_ stage: String, exitCode: ((StageResult) -> Int32)?) -> (Target, StageResult) -> String {
        { target, result in
            let status = result.outcome(changes: stage == "drift" ? .drift : .changes)
            let exit = exitCode.map { "exit \($0(result)), " } ?? ""
            return
                "\(stage) \(target.name): \(status.rawValue) (\(exit)\(FleetSummaryRenderer.seconds(result.seconds)) s)"
        }
    }

    private func outputs(_ results: [String: StageResult]...) -> [String: String] {
        var outputs: [String: String] = [:]
        for stage in results {
            for (name, result) in stage { outputs[name, default: ""] += result.output + result.error }
        }
        return outputs
    }

    /// Finishes a stage whose targets have no counts to report: status and time only.
    private func finishWithoutCounts(_ results: [String: StageResult]) async throws -> Int32 {
        let outcomes = targets.map { target in
            let result = results[target.name]!
            return TargetOutcome(
                target: target.name, status: result.outcome(changes: .changes),
                exitCode: result.exitCode(writes: false), seconds: result.seconds)
        }
        return try await finish(outcomes, outputs: outputs(results))
    }

    /// `validate --targets`: each target's files, no connection.
    func validate() async throws -> Int32 {
        let results = await stage(
            targets, needsCredentials: false, heading: heading("validate", exitCode: { $0.exitCode(writes: false) })
        ) { target in
            ["validate"] + files(of: target)
        }
        return try await finishWithoutCounts(results)
    }

    /// `doctor --targets`: each target's diagnosis, read only.
    func doctor() async throws -> Int32 {
        let results = await stage(
            targets, heading: heading("doctor", exitCode: { $0.exitCode(writes: false) })
        ) { target in
            ["doctor"] + connectionArguments(for: target)
        }
        return try await finishWithoutCounts(results)
    }

    /// `plan --targets`: each target's plan, saved as `<target>.plan.json`.
    func plan(safety: SafetyOptions, detailedExitcode: Bool) async throws -> Int32 {
        let exitCode = { (result: StageResult) -> Int32 in
            let code = result.exitCode(writes: false)
            return code == ExitStatus.changes && !detailedExitcode ? ExitStatus.success : code
        }
        let results = await planStage(safety: safety, exitCode: exitCode)
        let outcomes = targets.map { target in
            let result = results[target.name]!
            let exitCode = exitCode(result)
            return TargetOutcome(
                target: target.name, status: result.outcome(changes: .changes), exitCode: exitCode,
                changes: ReportCounts.read(reportPath(target, "plan"))?.changes, seconds: result.seconds)
        }
        return try await finish(outcomes, outputs: outputs(results))
    }

    private func planStage(safety: SafetyOptions, exitCode: ((StageResult) -> Int32)?) async -> [String: StageResult] {
        await stage(targets, heading: heading("plan", exitCode: exitCode)) { target in
            ["plan", "--out", reportPath(target, "plan"), "--detailed-exitcode"] + safety.childArguments(for: target)
                + connectionArguments(for: target) + files(of: target)
        }
    }

    /// `drift --targets`: each target's drift, saved as `<target>.drift.json`; metrics too.
    func drift(ignoreUnmanaged: Bool, metricsOut: String?) async throws -> Int32 {
        let checked = Date().timeIntervalSince1970
        let results = await stage(targets, heading: heading("drift", exitCode: { $0.exitCode(writes: false) })) {
            target in
            ["drift", "--report", reportPath(target, "drift")] + (ignoreUnmanaged ? ["--ignore-unmanaged"] : [])
                + connectionArguments(for: target) + files(of: target)
        }
        let outcomes = targets.map { target in
            let result = results[target.name]!
            let succeeded =
                !result.timedOut && (result.status == ExitStatus.success || result.status == ExitStatus.changes)
            return TargetOutcome(
                target: target.name, status: result.outcome(changes: .drift), exitCode: result.exitCode(writes: false),
                drift: succeeded ? ReportCounts.read(reportPath(target, "drift"))?.drift : nil, seconds: result.seconds)
        }
        if let metricsOut {
            let checks = outcomes.map { DriftMetrics.Check(target: $0.target, lists: $0.drift, timestamp: checked) }
            try DriftCommand.writeMetrics(DriftMetrics(checks: checks), to: metricsOut)
        }
        return try await finish(outcomes, outputs: outputs(results))
    }

    /// `apply --targets`: every target's plan first, one confirmation for all, then each
    /// target's saved plan applied exactly as shown (`apply --plan`).
    func apply(safety: SafetyOptions, autoApprove: Bool, dryRun: Bool) async throws -> Int32 {
        // The plan stage's exit codes are not the fleet's: the apply stage decides those.
        let plans = await planStage(safety: safety, exitCode: nil)
        let pending = targets.filter { plans[$0.name]?.status == ExitStatus.changes }
        var applied: [String: StageResult] = [:]
        if !pending.isEmpty {
            try confirm(pending, autoApprove: autoApprove || dryRun)
            applied = await stage(
                pending, heading: heading(dryRun ? "apply --dry-run" : "apply", exitCode: { $0.exitCode(writes: true) })
            ) { target in
                [
                    "apply", "--plan", reportPath(target, "plan"), "--auto-approve", "--report",
                    reportPath(target, "apply"), "--shown-above", target.name,
                ]
                    + (dryRun ? ["--dry-run"] : []) + safety.childArguments(for: target)
                    + connectionArguments(for: target)
            }
        }
        let outcomes = targets.map { target in
            let plan = plans[target.name]!
            guard let result = applied[target.name] else {
                // Not applied: nothing to do, or its plan failed or was refused.
                return TargetOutcome(
                    target: target.name, status: plan.outcome(changes: .changes),
                    exitCode: plan.exitCode(writes: false),
                    changes: plan.status == ExitStatus.success && !plan.timedOut ? .init() : nil,
                    seconds: plan.seconds)
            }
            return TargetOutcome(
                target: target.name, status: result.outcome(changes: .changes),
                exitCode: result.exitCode(writes: true),
                changes: ReportCounts.read(reportPath(target, "apply"))?.changes,
                seconds: plan.seconds + result.seconds)
        }
        return try await finish(outcomes, outputs: outputs(plans, applied))
    }

    /// Asks once for all targets with changes; refuses when nobody can answer.
    private func confirm(_ pending: [Target], autoApprove: Bool) throws {
        guard !autoApprove else { return }
        let names = pending.map(\.name).joined(separator: ", ")
        guard Terminal.inputIsTerminal else {
            Terminal.error(
                "refusing to apply without confirmation: standard input is not a terminal. "
                    + "Pass --auto-approve in pipelines (nothing was written).")
            cleanUp()
            throw ExitCode(ExitStatus.error)
        }
        Terminal.out(
            "\nApply the changes above to \(pending.count) \(pending.count == 1 ? "target" : "targets") "
                + "(\(names))?\n  Only 'yes' will be accepted: ")
        guard readLine() == "yes" else {
            Terminal.err("Apply cancelled; nothing was written.\n")
            cleanUp()
            throw ExitCode(ExitStatus.error)
        }
    }

    /// `export --targets --out DIR`: each target's records into `DIR/<target>.yaml` (or
    /// `DIR/<target>/` with `--split-by-prefix`).
    func export(into directory: String, arguments: [String], splits: Bool) async throws -> Int32 {
        let results = await stage(targets, heading: heading("export", exitCode: { $0.exitCode(writes: false) })) {
            target in
            let out = directory + "/" + target.name + (splits ? "" : ".yaml")
            return ["export", "--out", out] + arguments + connectionArguments(for: target)
        }
        return try await finishWithoutCounts(results)
    }
}

extension SafetyOptions {
    /// The flags a target's own run gets from this one: its policies and the target's own, each
    /// joined to its option so that no path is read as one.
    func childArguments(for target: Target) -> [String] {
        // By absolute paths: a target's run may start elsewhere.
        let directory = FileManager.default.currentDirectoryPath
        var policies: [String] = policy.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }
        if let own = target.policy { policies.append(own) }
        var arguments: [String] = force ? ["--force"] : []
        arguments += ["--max-change-percent", String(maxChangePercent)]
        return arguments + policies.map { "--policy=" + $0 }
    }
}
