import NumSyncCore

/// Why numsync stops before writing anything although the input was readable: the plan is not
/// safe to carry out as things stand. Commands exit 4 for it.
public enum Refusal: Error, Sendable, CustomStringConvertible {
    /// The plan touches more of the server than the safety threshold allows.
    case safety(SafetyRefusal)
    /// A saved plan made for another server.
    case otherServer(path: String, planned: String, server: ServerAddress)
    /// A saved plan whose premises no longer hold on the server.
    case stale(path: String, files: [String], [Staleness])

    public var description: String {
        switch self {
        case .safety(let refusal):
            return refusal.description
        case .otherServer(let path, let planned, let server):
            // Shown as an origin, like every server: a forged `server` cannot print a password.
            let shown = (try? ServerAddress(planned)).map(\.description) ?? "another server"
            return "the plan \(path) was made for \(shown), not \(server); make a new plan for this server "
                + "(nothing was written)"
        case .stale(let path, let files, let stale):
            // The plan records its files: the hint is the command that made it.
            let command = (["numsync", "plan"] + (files.isEmpty ? ["FILES"] : files) + ["--out", path])
                .map(\.shellQuotedIfNeeded).joined(separator: " ")
            return "the plan \(path) is stale: the server changed since it was made (nothing was written):\n"
                + stale.map { "  \($0)\n" }.joined() + "Make a new plan: \(command)"
        }
    }
}
