import NumSyncCore

/// What an apply did, change by change.
public struct ApplyReport: Sendable {
    /// What happened to one change.
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
        /// A relation set, and read back as planned.
        case applied
        /// Dry-run: the request was shown, not sent.
        case shown
        /// Not started, because the run was interrupted, or a change it depends on did not succeed.
        case notStarted
        /// Failed, with the client's error.
        case failed(PortSIPError)
        /// A create sent once that got no answer and was not found afterwards: the PBX may
        /// still commit it. It is not sent again in the same run; the next plan decides.
        case unknown(PortSIPError)
        /// A relation sent, but the PBX holds another value afterwards (the entry's `held`).
        case mismatch

        /// Whether the change did what it was meant to (or, in a dry-run, was shown).
        public var succeeded: Bool {
            switch self {
            case .created, .updated, .disabled, .deleted, .applied, .shown: return true
            case .notStarted, .failed, .unknown, .mismatch: return false
            }
        }
    }

    /// One change and its outcome.
    public struct Entry: Sendable, Hashable {
        /// The change.
        public var change: Change
        /// What happened.
        public var outcome: Outcome
        /// For a relation change: the id of the record it was carried out on (a new record's, once
        /// created); nil when it has none.
        public var ownerID: String?
        /// For a relation change that failed or did not take: what the PBX holds afterwards (read
        /// back, sorted); nil when that could not be read.
        public var held: [String]?
        /// The skill level of each item in `held`, where the relation's value has levels.
        public var heldLevels: [String: Int] = [:]

        /// Creates an entry.
        public init(change: Change, outcome: Outcome, ownerID: String? = nil, held: [String]? = nil) {
            self.change = change
            self.outcome = outcome
            self.ownerID = ownerID ?? change.id
            self.held = held
        }
    }

    /// Every change of the plan, in plan order: of records, then of relations (carried out
    /// after the changes they depend on).
    public var entries: [Entry]
    /// Whether this was a dry-run.
    /// The PBX's version, when it was read for the report and the PBX says it.
    public var serverVersion: String?
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
    /// For a saved plan: changes whose effect is not on the server afterwards.
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

    /// The entries of changes of records.
    public var recordEntries: [Entry] { entries.filter(\.change.isRecordChange) }
    /// The entries of changes of relations.
    public var relationEntries: [Entry] { entries.filter { !$0.change.isRecordChange } }

    /// Changes of records that failed.
    public var failures: [Entry] {
        recordEntries.filter {
            if case .failed = $0.outcome { return true }
            return false
        }
    }

    /// Creates whose outcome is still unknown: the PBX may yet commit them.
    public var outcomeUnknown: [Entry] {
        recordEntries.filter {
            if case .unknown = $0.outcome { return true }
            return false
        }
    }

    /// Changes of records not started because of an interruption.
    public var notStarted: Int {
        recordEntries.filter { $0.outcome == .notStarted }.count
    }

    /// Whether everything succeeded and the server now matches the files. Never while a
    /// write may still land.
    public var converged: Bool {
        failures.isEmpty && outcomeUnknown.isEmpty && notStarted == 0 && (leftover?.isEmpty ?? true)
            && newDuplicates.isEmpty
            && unmetEffects.isEmpty && verificationError == nil && relationEntries.allSatisfy(\.outcome.succeeded)
    }

    /// Changes of relations that failed or were not taken as sent.
    public var relationFailures: Int {
        Relation.all.reduce(0) { $0 + relationFailures(of: $1) }
    }

    /// Changes of one relation that failed or were not taken as sent.
    public func relationFailures(of relation: Relation) -> Int {
        relationEntries.filter { $0.change.relationChange?.relation == relation }.filter {
            switch $0.outcome {
            case .failed, .mismatch, .unknown: return true
            case .created, .updated, .disabled, .deleted, .applied, .shown, .notStarted: return false
            }
        }.count
    }

    /// Whether running apply again can be expected to converge: nothing failed that a new run
    /// would meet again. A request the PBX refused (a 4xx other than 429, a rejected token),
    /// agents it did not take as sent, and numbers now held twice are met again; transient
    /// failures, unknown outcomes and interruptions are not.
    public var rerunConverges: Bool {
        let refusedRecordChange = failures.contains { entry in
            if case .failed(let error) = entry.outcome { return !error.mayPassLater }
            return false
        }
        let refusedRelation = relationEntries.contains { entry in
            switch entry.outcome {
            case .failed(let error): return !error.mayPassLater
            case .mismatch: return true
            case .created, .updated, .disabled, .deleted, .applied, .shown, .notStarted, .unknown: return false
            }
        }
        return !refusedRecordChange && !refusedRelation && newDuplicates.isEmpty
    }

    /// How many of each outcome, for the summary.
    public var counts: (created: Int, updated: Int, disabled: Int, deleted: Int, failed: Int, unknown: Int) {
        var counts = (created: 0, updated: 0, disabled: 0, deleted: 0, failed: 0, unknown: 0)
        for entry in recordEntries {
            switch entry.outcome {
            case .created: counts.created += 1
            case .updated: counts.updated += 1
            case .disabled: counts.disabled += 1
            case .deleted: counts.deleted += 1
            case .failed: counts.failed += 1
            case .unknown: counts.unknown += 1
            case .applied, .mismatch, .shown, .notStarted: break
            }
        }
        return counts
    }
}
