import NumSyncCore

/// What an apply did, operation by operation.
public struct ApplyReport: Sendable {
    /// What happened to one operation.
    public enum Outcome: Sendable, Hashable {
        /// Created, with the server's id; `foundByLookup` when an unknown outcome was resolved by
        /// finding the number on the server.
        case created(id: String, foundByLookup: Bool)
        /// Updated.
        case updated
        /// Disabled (an unmanaged number).
        case disabled
        /// Deleted (an unmanaged number).
        case deleted
        /// Dry-run: the request was shown, not sent.
        case shown
        /// Not started, because the run was interrupted.
        case notStarted
        /// Failed, with the client's error.
        case failed(PortSIPError)
        /// A create sent once that got no answer and was not found afterwards: the PBX may
        /// still commit it. It is not sent again in the same run; the next plan decides.
        case unknown(PortSIPError)

        /// Whether the operation did what it was meant to (or, in a dry-run, was shown).
        public var succeeded: Bool {
            switch self {
            case .created, .updated, .disabled, .deleted, .shown: return true
            case .notStarted, .failed, .unknown: return false
            }
        }
    }

    /// One change and its outcome.
    public struct Entry: Sendable, Hashable {
        /// The change.
        public var change: Change
        /// What happened.
        public var outcome: Outcome

        /// Creates an entry.
        public init(change: Change, outcome: Outcome) {
            self.change = change
            self.outcome = outcome
        }
    }

    /// What happened to one change of exclusive agents.
    public enum AgentOutcome: Sendable, Hashable {
        /// Sent, and read back as planned.
        case applied
        /// Dry-run: shown, not sent.
        case shown
        /// Not started: the run was interrupted, or its number was not created.
        case notStarted
        /// A request failed; `held` is what the PBX holds after it (read back, sorted), nil when
        /// that could not be read.
        case failed(PortSIPError, held: [String]?)
        /// Sent, but the PBX holds other agents afterwards (read back).
        case mismatch(held: [String])

        /// Whether the change took effect (or, in a dry-run, was shown).
        public var succeeded: Bool {
            switch self {
            case .applied, .shown: return true
            case .notStarted, .failed, .mismatch: return false
            }
        }
    }

    /// One change of exclusive agents and its outcome.
    public struct AgentEntry: Sendable, Hashable {
        /// The change.
        public var change: AgentChange
        /// The number's id it was carried out on (a new number's, once created).
        public var numberID: String?
        /// What happened.
        public var outcome: AgentOutcome

        /// Creates an entry.
        public init(change: AgentChange, numberID: String?, outcome: AgentOutcome) {
            self.change = change
            self.numberID = numberID
            self.outcome = outcome
        }
    }

    /// Every operation of the plan, in plan order.
    public var entries: [Entry]
    /// Every change of exclusive agents, in plan order, carried out after the operations.
    public var agentEntries: [AgentEntry] = []
    /// Whether this was a dry-run.
    public var dryRun: Bool
    /// Whether Ctrl-C stopped it early.
    public var interrupted: Bool
    /// Creates whose outcome was unknown and that were resolved by looking the number up.
    public var ambiguousCreatesResolved: Int
    /// Lookups made to resolve unknown outcomes (each one listing, or more to prove it).
    public var lookupListings: Int
    /// Creates the server answered with an error and a proved listing showed absent, so they
    /// were sent again.
    public var createsSentAgain = 0
    /// What a fresh plan still wants after the apply (nil when not checked).
    public var leftover: Plan?
    /// Numbers duplicated on the server after the apply that were not before.
    public var newDuplicates: [ServerDuplicate]
    /// HTTP requests the apply sent (every attempt, lookups included).
    public var requestsSent = 0
    /// Attempts that retried a failed one.
    public var retries = 0
    /// Answers that throttled (429, 503).
    public var requestsThrottled = 0
    /// Listings made again to prove that one before them missed nothing.
    public var provingListings = 0
    /// Requests sent per minute of the apply, when it sent any.
    public var effectiveRatePerMinute: Double?
    /// For a saved plan: operations whose effect is not on the server afterwards.
    public var unmetEffects: [Staleness] = []
    /// Why the check after applying could not be made, if it could not.
    public var verificationError: PortSIPError?
    /// Why the run stopped starting changes before the end although nobody interrupted it (a PBX
    /// failing every write the same way); the rest are `notStarted`.
    public var stoppedEarly: String?
    /// The safety threshold's refusal that `--force` overrode, if it did.
    public var forcedOver: SafetyRefusal?

    /// Creates a report.
    public init(
        entries: [Entry], dryRun: Bool, interrupted: Bool, ambiguousCreatesResolved: Int = 0, lookupListings: Int = 0,
        leftover: Plan? = nil, newDuplicates: [ServerDuplicate] = []
    ) {
        self.entries = entries
        self.dryRun = dryRun
        self.interrupted = interrupted
        self.ambiguousCreatesResolved = ambiguousCreatesResolved
        self.lookupListings = lookupListings
        self.leftover = leftover
        self.newDuplicates = newDuplicates
    }

    /// Operations that failed.
    public var failures: [Entry] {
        entries.filter {
            if case .failed = $0.outcome { return true }
            return false
        }
    }

    /// Creates whose outcome is still unknown: the PBX may yet commit them.
    public var outcomeUnknown: [Entry] {
        entries.filter {
            if case .unknown = $0.outcome { return true }
            return false
        }
    }

    /// Operations not started because of an interruption.
    public var notStarted: Int {
        entries.filter { $0.outcome == .notStarted }.count
    }

    /// Whether everything succeeded and the server now matches the files. Never while a
    /// write may still land.
    public var converged: Bool {
        failures.isEmpty && outcomeUnknown.isEmpty && notStarted == 0 && (leftover?.isEmpty ?? true)
            && newDuplicates.isEmpty
            && unmetEffects.isEmpty && verificationError == nil && agentEntries.allSatisfy(\.outcome.succeeded)
    }

    /// Changes of exclusive agents that failed or were not taken as sent.
    public var agentFailures: Int {
        agentEntries.filter {
            switch $0.outcome {
            case .failed, .mismatch: return true
            case .applied, .shown, .notStarted: return false
            }
        }.count
    }

    /// Whether running apply again can be expected to converge: nothing failed that a new run
    /// would meet again. A request the PBX refused (a 4xx other than 429, a rejected token),
    /// agents it did not take as sent, and numbers now held twice are met again; transient
    /// failures, unknown outcomes and interruptions are not.
    public var rerunConverges: Bool {
        let refusedOperation = failures.contains { entry in
            if case .failed(let error) = entry.outcome { return !error.mayPassLater }
            return false
        }
        let refusedAgents = agentEntries.contains { entry in
            switch entry.outcome {
            case .failed(let error, _): return !error.mayPassLater
            case .mismatch: return true
            case .applied, .shown, .notStarted: return false
            }
        }
        return !refusedOperation && !refusedAgents && newDuplicates.isEmpty
    }

    /// How many of each outcome, for the summary.
    public var counts: (created: Int, updated: Int, disabled: Int, deleted: Int, failed: Int, unknown: Int) {
        var counts = (created: 0, updated: 0, disabled: 0, deleted: 0, failed: 0, unknown: 0)
        for entry in entries {
            switch entry.outcome {
            case .created: counts.created += 1
            case .updated: counts.updated += 1
            case .disabled: counts.disabled += 1
            case .deleted: counts.deleted += 1
            case .failed: counts.failed += 1
            case .unknown: counts.unknown += 1
            case .shown, .notStarted: break
            }
        }
        return counts
    }
}
