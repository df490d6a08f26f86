import NumSyncCore

/// Drift as Prometheus text exposition format, for node_exporter's textfile collector or a
/// Pushgateway: per target and list, gauges of changed, missing and unmanaged records, of
/// exclusive agents and of call queue or ring group members that differ; per target, whether the check succeeded and when it ran.
///
/// No sample carries a timestamp (the textfile collector rejects them); the time of the check
/// is a gauge of its own. A target whose check failed has no drift gauges, only
/// `numsync_drift_check_success 0`: absent is not the same as zero.
public struct DriftMetrics: Sendable {
    /// One target's check.
    public struct Check: Sendable {
        /// The target's name (or the server's origin, without a targets file).
        public var target: String
        /// Drift by list key; nil when the check failed.
        public var lists: [String: TargetOutcome.Drift]?
        /// When the check ran, in seconds since the Unix epoch.
        public var timestamp: Double

        /// Creates a check.
        public init(target: String, lists: [String: TargetOutcome.Drift]?, timestamp: Double) {
            self.target = target
            self.lists = lists
            self.timestamp = timestamp
        }
    }

    /// The checks, in the order given.
    public var checks: [Check]

    /// Creates metrics for `checks`.
    public init(checks: [Check]) {
        self.checks = checks
    }

    /// The exposition text, sorted by target and list so that it never flaps.
    public func render() -> String {
        let checks = self.checks.sorted { $0.target < $1.target }
        var out = ""
        let gauges: [(name: String, help: String, value: (TargetOutcome.Drift) -> Int)] = [
            (
                "numsync_drift_changed_records", "Records on the PBX whose fields differ from the desired state.",
                \.changed
            ),
            ("numsync_drift_missing_records", "Records the desired state wants that the PBX lacks.", \.missing),
            ("numsync_drift_unmanaged_records", "Records on the PBX that no desired-state file lists.", \.unmanaged),
            (
                "numsync_drift_agent_changes",
                "Exclusive agents that differ from the desired state: a number's agents in one call queue.", \.agents
            ),
            (
                "numsync_drift_member_changes",
                "Call queues or ring groups whose members differ from the desired state.", \.members
            ),
        ]
        for gauge in gauges {
            out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            for check in checks {
                guard let lists = check.lists else { continue }
                for key in lists.keys.sorted() {
                    out += "\(gauge.name){target=\(Self.quoted(check.target)),list=\(Self.quoted(key))} "
                    out += "\(gauge.value(lists[key]!))\n"
                }
            }
        }
        out +=
            "# HELP numsync_drift_check_success Whether the last drift check of the target succeeded (1) or not (0).\n"
        out += "# TYPE numsync_drift_check_success gauge\n"
        for check in checks {
            out += "numsync_drift_check_success{target=\(Self.quoted(check.target))} \(check.lists == nil ? 0 : 1)\n"
        }
        out +=
            "# HELP numsync_drift_check_timestamp_seconds When the last drift check of the target ran, in seconds since the Unix epoch.\n"
        out += "# TYPE numsync_drift_check_timestamp_seconds gauge\n"
        for check in checks {
            out += "numsync_drift_check_timestamp_seconds{target=\(Self.quoted(check.target))} "
            out += "\(Self.decimal(check.timestamp))\n"
        }
        return out
    }

    /// A label value in quotes, with `\`, `"` and line feeds escaped as the format requires.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// Seconds with millisecond precision, without an exponent.
    static func decimal(_ value: Double) -> String {
        let milliseconds = Int64((value * 1000).rounded())
        let fraction = milliseconds % 1000
        return "\(milliseconds / 1000).\(fraction < 10 ? "00" : fraction < 100 ? "0" : "")\(fraction)"
    }
}
