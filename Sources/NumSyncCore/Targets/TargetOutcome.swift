/// What one target's run came to: its exit code and the counts its report holds.
public struct TargetOutcome: Sendable, Hashable {
    /// How a target's run ended, in words for the summary.
    public enum Status: String, Sendable, Hashable {
        /// Nothing to do, or done.
        case ok
        /// A plan with changes.
        case changes
        /// The server differs from the files.
        case drift
        /// Bad input, credentials, network or server: see the target's output.
        case error
        /// Refused before any write (stale plan, safety threshold, incomplete listing).
        case refused
        /// An apply that finished with failures; running again converges.
        case partial
        /// Interrupted by Ctrl-C.
        case interrupted
        /// Stopped when it ran past `--target-timeout`.
        case timedOut = "timed_out"
        /// Not run: an earlier stage of the target failed, or it had nothing to apply.
        case skipped
    }

    /// Creates, updates, disables and deletes: planned, or carried out.
    public struct Changes: Sendable, Hashable {
        /// Records created (or to create).
        public var creates: Int
        /// Records updated (or to update).
        public var updates: Int
        /// Records disabled (or to disable).
        public var disables: Int
        /// Records deleted (or to delete).
        public var deletes: Int

        /// Creates counts.
        public init(creates: Int = 0, updates: Int = 0, disables: Int = 0, deletes: Int = 0) {
            self.creates = creates
            self.updates = updates
            self.disables = disables
            self.deletes = deletes
        }
    }

    /// One list's drift.
    public struct Drift: Sendable, Hashable {
        /// Records that differ.
        public var changed: Int
        /// Wanted records the server lacks.
        public var missing: Int
        /// Records no file lists.
        public var unmanaged: Int
        /// Changes of exclusive agents: numbers whose agents in a queue differ, counted per queue.
        public var agents: Int
        /// Call queues or ring groups whose members differ.
        public var members: Int

        /// Creates counts.
        public init(changed: Int = 0, missing: Int = 0, unmanaged: Int = 0, agents: Int = 0, members: Int = 0) {
            self.members = members
            self.changed = changed
            self.missing = missing
            self.unmanaged = unmanaged
            self.agents = agents
        }
    }

    /// The target's name.
    public var target: String
    /// How it ended.
    public var status: Status
    /// The exit code its run ended with.
    public var exitCode: Int32
    /// Planned or applied changes, when the command makes them and the run got that far.
    public var changes: Changes?
    /// Drift by list key, for `drift`, when the check succeeded.
    public var drift: [String: Drift]?
    /// How long the target took, in seconds.
    public var seconds: Double

    /// Creates an outcome.
    public init(
        target: String, status: Status, exitCode: Int32, changes: Changes? = nil, drift: [String: Drift]? = nil,
        seconds: Double
    ) {
        self.target = target
        self.status = status
        self.exitCode = exitCode
        self.changes = changes
        self.drift = drift
        self.seconds = seconds
    }

    /// The exit codes of every command, from the worst down: an interrupted run, a partial
    /// apply and an error outrank a refusal, which outranks pending changes or drift, which
    /// outrank success.
    public static let exitCodesWorstFirst: [Int32] = [130, 3, 1, 4, 2, 0]

    /// The one exit code for several targets: the worst of theirs (an unknown code counts as 1).
    public static func worstExitCode(_ codes: [Int32]) -> Int32 {
        let known = codes.map { exitCodesWorstFirst.contains($0) ? $0 : 1 }
        return exitCodesWorstFirst.first { known.contains($0) } ?? 0
    }

    /// The drift of all lists together.
    public var driftTotal: Drift? {
        drift.map { lists in
            lists.values.reduce(Drift()) {
                Drift(
                    changed: $0.changed + $1.changed, missing: $0.missing + $1.missing,
                    unmanaged: $0.unmanaged + $1.unmanaged, agents: $0.agents + $1.agents,
                    members: $0.members + $1.members)
            }
        }
    }
}
