import NumSyncCore

/// Why numsync stops before writing anything although the input was readable: the plan is not
/// safe to carry out as things stand. Commands exit 4 for it.
public enum Refusal: Error, Sendable, CustomStringConvertible {
    /// The plan touches more of the server than the safety threshold allows.
    case safety(SafetyRefusal)
    /// A saved plan made for another server.
    case otherServer(path: String, planned: String, server: ServerAddress)
    /// A plan that breaks the policy file's rules; `--force` does not lift it.
    case policy(PolicyVerdict)
    /// A saved plan whose premises no longer hold on the server.
    case stale(path: String, files: [String], [Staleness])
    /// A saved plan older than `--max-plan-age` allows, or one that records no time when a limit
    /// is set (`age` nil).
    case tooOld(path: String, files: [String], createdAt: String?, age: Int64?, limit: PlanAgeLimit)

    public var description: String {
        switch self {
        case .safety(let refusal):
            return refusal.description
        case .policy(let verdict):
            return "refusing to apply: \(verdict.line) (nothing was written):\n"
                + verdict.violations.map { "  \($0.description)\n" }.joined()
                + "--force does not lift a policy: change the plan, or the policy file through its review."
        case .otherServer(let path, let planned, let server):
            // Shown as an origin, like every server: a forged `server` cannot print a password.
            let shown = (try? ServerAddress(planned)).map(\.description) ?? "another server"
            return "the plan \(path) was made for \(shown), not \(server); make a new plan for this server "
                + "(nothing was written)"
        case .stale(let path, let files, let stale):
            return "the plan \(path) is stale: the server changed since it was made (nothing was written):\n"
                + stale.map { "  \($0)\n" }.joined() + "Make a new plan: \(Self.command(path, files))"
        case .tooOld(let path, let files, let createdAt, let age, let limit):
            let why =
                age.map { "was made \(PlanAgeLimit.written($0)) ago (at \(createdAt ?? "?")), more than" }
                ?? "records no time it was made (older numsync), so it cannot be shown to be within"
            return "the plan \(path) \(why) --max-plan-age \(limit) allows (nothing was written). Make a new "
                + "plan and have it reviewed: \(Self.command(path, files))"
        }
    }

    /// The command that makes the plan again: the plan records its files.
    private static func command(_ path: String, _ files: [String]) -> String {
        (["numsync", "plan"] + (files.isEmpty ? ["FILES"] : files) + ["--out", path])
            .map(\.shellQuotedIfNeeded).joined(separator: " ")
    }
}
