import NumSyncCore

/// The JSON form of an apply report (`apply --report FILE`).
public struct ApplyReportDocument: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var action: String
        var collection: String
        var number: String
        var id: String?
        var outcome: String
        var created_id: String?
        var found_by_lookup: Bool?
        var error: ErrorEntry?
        var source: JSONSource?
    }

    /// One change of a number's exclusive agents in one queue.
    struct AgentEntry: Codable, Sendable {
        var number: String
        var number_id: String?
        var queue: String
        var before: [String]
        var after: [String]
        /// `applied` (sent and read back), `shown` (dry-run), `not_started`, `failed` (the PBX
        /// holds `held` afterwards, when it could be read) or `mismatch` (it holds `held`).
        var outcome: String
        var held: [String]?
        var error: ErrorEntry?
    }

    /// One change of the members of a call queue or ring group.
    struct MemberEntry: Codable, Sendable {
        var list: String
        var `extension`: String
        var group_id: String?
        var part: Int?
        var before: [PlanDocument.JSONMember]
        var after: [PlanDocument.JSONMember]
        /// As an agent change's.
        var outcome: String
        var held: [PlanDocument.JSONMember]?
        var error: ErrorEntry?
    }

    /// A relation change's outcome, what the PBX held afterwards and the error, as JSON says them.
    private static func outcome(of entry: ApplyReport.Entry) -> (String, [String]?, ErrorEntry?) {
        switch entry.outcome {
        case .applied: ("applied", nil, nil)
        case .shown: ("shown", nil, nil)
        case .notStarted: ("not_started", nil, nil)
        case .mismatch: ("mismatch", entry.held ?? [], nil)
        case .failed(let error), .unknown(let error): ("failed", entry.held, ErrorEntry(error))
        case .created, .updated, .disabled, .deleted: ("applied", nil, nil)
        }
    }

    struct ErrorEntry: Codable, Sendable {
        var method: String
        var path: String
        var status: Int?
        var code: String?
        var message: String
        var outcome_unknown: Bool

        /// The entry for a client error: its request, and PortSIP's status and code if it answered.
        init(_ error: PortSIPError) {
            method = error.method
            path = error.path
            if case .http(let status, let code, _) = error.kind {
                self.status = status
                self.code = code
            }
            message = error.description
            outcome_unknown = error.outcomeIsUnknown
        }
    }

    struct Summary: Codable, Sendable {
        var created: Int
        var updated: Int
        var disabled: Int
        var deleted: Int
        var failed: Int
        var outcome_unknown: Int
        var not_started: Int
        /// Changes of relations (exclusive agents, members) that failed or were not taken as sent.
        var agent_changes_failed: Int
        var ambiguous_creates_resolved: Int
        var creates_sent_again: Int
        var lookup_listings: Int
        var requests_sent: Int
        var retries: Int
        var requests_throttled: Int
        var proving_listings: Int
        /// Requests a minute over the apply.
        var effective_rate_per_minute: Int?
    }

    var format_version: Int
    var kind: String
    var numsync_version: String
    var server: String
    /// The PBX's version, when the PBX says it.
    var server_version: String?
    var dry_run: Bool
    var interrupted: Bool
    var converged: Bool
    /// Whether running apply again can be expected to converge (false when the PBX refused a
    /// request or did not take agents as sent).
    var rerun_converges: Bool
    /// Why the run stopped starting changes early (a PBX failing every write); absent otherwise.
    var stopped_early: String?
    /// The safety threshold's refusal that --force overrode (absent when none did).
    var forced_over_refusal: PlanDocument.RefusalEntry?
    var summary: Summary
    var operations: [Entry]
    var leftover: PlanDocument.Summary?
    /// Changes of exclusive agents and their outcomes (absent when there were none).
    var agent_changes: [AgentEntry]?
    /// Changes of call queues' and ring groups' members and their outcomes (absent when there
    /// were none).
    var member_changes: [MemberEntry]?
    var unmet: [String]
    var new_duplicates: [String]

    /// The document for a report.
    public init(_ report: ApplyReport, server: String) {
        format_version = 1
        kind = "apply_report"
        numsync_version = NumSyncVersion.current
        self.server = server
        server_version = report.serverVersion
        dry_run = report.dryRun
        interrupted = report.interrupted
        converged = report.converged
        rerun_converges = report.rerunConverges
        stopped_early = report.stoppedEarly
        forced_over_refusal = report.forcedOver.map { PlanDocument.RefusalEntry($0, forced: true) }
        let counts = report.counts
        summary = Summary(
            created: counts.created, updated: counts.updated, disabled: counts.disabled, deleted: counts.deleted,
            failed: counts.failed, outcome_unknown: counts.unknown, not_started: report.notStarted,
            agent_changes_failed: report.relationFailures,
            ambiguous_creates_resolved: report.ambiguousCreatesResolved, creates_sent_again: report.createsSentAgain,
            lookup_listings: report.lookupListings,
            requests_sent: report.requestsSent, retries: report.retries, requests_throttled: report.requestsThrottled,
            proving_listings: report.provingListings,
            effective_rate_per_minute: report.effectiveRatePerMinute.map { Int($0.rounded()) })
        operations = report.recordEntries.map { entry in
            var item = Entry(
                action: entry.change.action.rawValue, collection: entry.change.list.key,
                number: entry.change.number, id: entry.change.id,
                outcome: "", source: entry.change.source.map(JSONSource.init))
            switch entry.outcome {
            case .created(let id, let found):
                item.outcome = "created"
                item.created_id = id
                item.found_by_lookup = found
            case .updated: item.outcome = "updated"
            case .disabled: item.outcome = "disabled"
            case .deleted: item.outcome = "deleted"
            case .shown: item.outcome = "shown"
            case .notStarted: item.outcome = "not_started"
            case .applied: item.outcome = "applied"
            case .mismatch: item.outcome = "mismatch"
            case .failed(let error), .unknown(let error):
                if case .unknown = entry.outcome { item.outcome = "unknown" } else { item.outcome = "failed" }
                item.error = ErrorEntry(error)
            }
            return item
        }
        let agentEntries = report.relationEntries.filter { $0.change.relationChange?.relation == .exclusiveAgents }
        agent_changes =
            agentEntries.isEmpty
            ? nil
            : agentEntries.compactMap { entry in
                guard let change = entry.change.relationChange else { return nil }
                var item = AgentEntry(
                    number: entry.change.number, number_id: entry.ownerID, queue: change.target ?? "",
                    before: change.before, after: change.after, outcome: "")
                (item.outcome, item.held, item.error) = Self.outcome(of: entry)
                return item
            }
        let memberEntries = report.relationEntries.filter { $0.change.relationChange?.relation.value == .members }
        member_changes =
            memberEntries.isEmpty
            ? nil
            : memberEntries.compactMap { entry in
                guard let change = entry.change.relationChange else { return nil }
                let (outcome, held, error) = Self.outcome(of: entry)
                return MemberEntry(
                    list: entry.change.list.key, extension: entry.change.number, group_id: entry.ownerID,
                    part: entry.change.part == 0 ? nil : entry.change.part,
                    before: change.before.map { PlanDocument.JSONMember($0, level: change.levelsBefore[$0]) },
                    after: change.after.map { PlanDocument.JSONMember($0, level: change.levelsAfter[$0]) },
                    outcome: outcome,
                    held: held?.map { PlanDocument.JSONMember($0, level: entry.heldLevels[$0]) }, error: error)
            }
        leftover = report.leftover.map { PlanDocument.Summary($0.summary) }
        unmet = report.unmetEffects.map(\.description)
        new_duplicates = report.newDuplicates.map(\.number)
    }

    /// Pretty, key-sorted JSON.
    public func encoded() -> String { JSONOutput.encode(self) }
}
