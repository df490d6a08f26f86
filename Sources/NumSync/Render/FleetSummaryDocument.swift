import NumSyncCore

/// `summary.json` of a run over several targets (`--report-dir`).
public struct FleetSummaryDocument: Encodable, Sendable {
    struct Changes: Encodable, Sendable {
        var create: Int
        var update: Int
        var disable: Int
        var delete: Int
    }

    struct Drift: Encodable, Sendable {
        var changed: Int
        var missing: Int
        var unmanaged: Int
        var agent_changes: Int
        var member_changes: Int
    }

    struct Entry: Encodable, Sendable {
        var target: String
        var status: String
        var exit_code: Int32
        var seconds: Double
        var changes: Changes?
        /// Drift by list key (drift only).
        var drift: [String: Drift]?
    }

    var format_version = 1
    var kind = "targets_summary"
    var numsync_version = NumSyncVersion.current
    var command: String
    var exit_code: Int32
    var targets: [Entry]

    /// The document for `outcomes`.
    public init(command: String, outcomes: [TargetOutcome], exitCode: Int32) {
        self.command = command
        exit_code = exitCode
        targets = outcomes.map { outcome in
            Entry(
                target: outcome.target, status: outcome.status.rawValue, exit_code: outcome.exitCode,
                seconds: (outcome.seconds * 1000).rounded() / 1000,
                changes: outcome.changes.map {
                    Changes(create: $0.creates, update: $0.updates, disable: $0.disables, delete: $0.deletes)
                },
                drift: outcome.drift?.mapValues {
                    Drift(
                        changed: $0.changed, missing: $0.missing, unmanaged: $0.unmanaged, agent_changes: $0.agents,
                        member_changes: $0.members)
                })
        }
    }

    /// Pretty-printed JSON with sorted keys.
    public func encoded() -> String { JSONOutput.encode(self) }
}
