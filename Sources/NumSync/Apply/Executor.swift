import NumSyncCore

/// Carries out a plan's changes against the server, concurrently and safely.
///
/// Dry-run takes the same path and replaces only the writes, by showing each request instead
/// of sending it.
///
/// A create whose outcome is unknown is never sent again blindly. The executor lists the server
/// once for all such creates and counts those it finds as created. Of the others, only creates
/// the server answered (a 500: it has finished with them) are sent again, and only after a
/// proved listing shows them absent. A create that got no answer (a timeout, a dropped
/// connection, a gateway's 502 or 504) may still be committed after any listing, so it is never
/// sent again in the same run: it is reported as "outcome unknown", and the next plan decides.
public struct Executor: Sendable {
    /// Whether writes are sent or only shown.
    public enum Writes: Sendable {
        /// Send them.
        case send
        /// Dry-run: send nothing; the report marks each write as shown, and `APIRequest(change)`
        /// is exactly what would have been sent.
        case show
    }

    /// The PBX: a `PortSIPClient`, or a stand-in in tests.
    public var client: any PortSIPConnection
    /// Changes in flight at once.
    public var parallelism: Int
    /// Send or show.
    public var writes: Writes
    /// Raised by Ctrl-C: no new change starts.
    public var stop: StopSignal
    /// Told about every finished change.
    public var progress: (@Sendable (ApplyReport.Outcome) -> Void)?
    /// How many times answered creates are looked up and sent again before they count as failed.
    public var maximumLookupRounds = 8

    /// Creates an executor.
    public init(
        client: any PortSIPConnection, parallelism: Int, writes: Writes = .send, stop: StopSignal = StopSignal(),
        progress: (@Sendable (ApplyReport.Outcome) -> Void)? = nil
    ) {
        self.client = client
        self.parallelism = max(1, parallelism)
        self.writes = writes
        self.stop = stop
        self.progress = progress
    }

    /// Carries out a plan's changes; never throws: every failure is in the report. Changes of
    /// records run first; a change of a relation runs once the changes it depends on are done (a
    /// new record's relations once it has its id, a queue's new member before an exclusive agent
    /// who needs it), and is not started when one of them did not succeed.
    public func run(_ changes: [Change]) async -> ApplyReport {
        let countersBefore = client.requestCounters
        let started = ContinuousClock.now
        var report = await runRecords(changes.filter(\.isRecordChange))
        let relations = changes.filter { !$0.isRecordChange }
        if !relations.isEmpty {
            report.entries += await runRelations(relations, after: report)
            report.interrupted = report.interrupted || stop.isRaised
        }
        let countersAfter = client.requestCounters
        report.requestsSent = countersAfter.sent - countersBefore.sent
        report.retries = countersAfter.retries - countersBefore.retries
        report.requestsThrottled = countersAfter.throttled - countersBefore.throttled
        report.provingListings = countersAfter.provingListings - countersBefore.provingListings
        let seconds = started.duration(to: .now).seconds
        if report.requestsSent > 0, seconds > 0 {
            report.effectiveRatePerMinute = Double(report.requestsSent) / seconds * 60
        }
        return report
    }

    /// Runs changes of relations in waves: each wave holds the changes whose dependencies in the
    /// plan have all finished, at most `parallelism` at once; the entries come in wave order. A change whose dependency did not
    /// succeed is not started; one whose record the run created gets the create's id.
    private func runRelations(_ changes: [Change], after records: ApplyReport) async -> [ApplyReport.Entry] {
        var created: [Change.Key: String] = [:]
        var succeeded: [Change.Key: Bool] = [:]
        for entry in records.entries {
            succeeded[entry.change.key] = entry.outcome.succeeded
            if case .created(let id, _) = entry.outcome { created[entry.change.key] = id }
        }
        // Dependencies on changes outside the plan (already done when it was made) are met.
        let planned = Set(records.entries.map(\.change.key)).union(changes.map(\.key))
        let stoppedEarly = records.stoppedEarly != nil
        // Entries in the order the waves carry them out, which a dry-run shows.
        var entries: [ApplyReport.Entry] = []
        var waiting = Array(changes.indices)
        while !waiting.isEmpty {
            let ready = waiting.filter { index in
                changes[index].dependencies.allSatisfy { !planned.contains($0) || succeeded[$0] != nil }
            }
            // Changes that wait on each other can never start: none is sent.
            let wave = ready.isEmpty ? waiting : ready
            let finished = await wave.concurrentMap(limit: parallelism) { [created, succeeded] index in
                let change = changes[index]
                let id = change.id ?? change.dependencies.lazy.compactMap { created[$0] }.first
                let unmet = ready.isEmpty || change.dependencies.contains { succeeded[$0] == false }
                guard !stoppedEarly, !unmet else {
                    return ApplyReport.Entry(change: change, outcome: .notStarted, ownerID: id)
                }
                return await execute(relation: change, ownerID: id)
            }
            for (index, entry) in zip(wave, finished) {
                entries.append(entry)
                succeeded[changes[index].key] = entry.outcome.succeeded
            }
            let started = Set(wave)
            waiting.removeAll { started.contains($0) }
        }
        return entries
    }

    /// Carries out one change of a relation and reads the value back: the wanted set first, then,
    /// only where the PBX kept items that must go (its "set" adds), a clear and the set again
    /// (`RelationChange.followUp`). After a failure, what the PBX holds now is read back for the
    /// report: part of the change may have taken effect.
    private func execute(relation change: Change, ownerID: String?) async -> ApplyReport.Entry {
        func entry(_ outcome: ApplyReport.Outcome, held: [Member]? = nil) -> ApplyReport.Entry {
            var entry = ApplyReport.Entry(
                change: change, outcome: outcome, ownerID: ownerID,
                held: held?.map(\.extensionNumber).sorted(by: { $0.precedesByBytes($1) }))
            if let held, change.relationChange?.relation.value == .members {
                entry.heldLevels = Member.levels(of: held)
            }
            return entry
        }
        guard let relation = change.relationChange else { return entry(.notStarted) }
        if writes == .show { return entry(.shown) }
        guard let ownerID, !stop.isRaised else { return entry(.notStarted) }
        let client = self.client
        func send(_ steps: [RelationChange.Step]) async throws {
            for step in steps { _ = try await client.write(APIRequest(step, of: relation, owner: ownerID)) }
        }
        // PortSIP does not say what "set" does: what counts is what it holds afterwards.
        func held() async throws -> [Member] {
            try await client.value(of: relation.relation, owner: ownerID, target: relation.targetID)
        }
        do {
            try await send(relation.steps)
            var now = try await held()
            let followUp = relation.followUp(held: now.map(\.extensionNumber))
            if !followUp.isEmpty {
                try await send(followUp)
                now = try await held()
            }
            return relation.isMet(by: now) ? entry(.applied) : entry(.mismatch, held: now)
        } catch {
            let failure =
                error as? PortSIPError
                ?? PortSIPError(
                    method: "POST", path: "/api" + APIRequest(.set(relation.after), of: relation, owner: ownerID).path,
                    kind: .cancelled)
            return entry(.failed(failure), held: try? await held())
        }
    }

    /// Runs changes of records; never throws: every failure is in the report.
    private func runRecords(_ changes: [Change]) async -> ApplyReport {
        var outcomes = [ApplyReport.Outcome](repeating: .notStarted, count: changes.count)
        var unknown: [Int: PortSIPError] = [:]
        var streak = FailureStreak()
        await runBatch(Array(changes.indices), of: changes, into: &outcomes, unknown: &unknown, streak: &streak)

        var found = 0
        var resent = 0
        var lookups = 0
        while !unknown.isEmpty, lookups < maximumLookupRounds {
            lookups += 1
            // Only absence can send a create again, and only for creates the server answered;
            // then the listing must be proved, since a record it misses would be duplicated.
            let mayResend = !stop.isRaised && !streak.isBroken && unknown.values.contains { !$0.serverMayStillCommit }
            var oldest: [String: [ExactText: ObservedRecord]] = [:]
            do {
                for list in PortSIPList.all
                where unknown.keys.contains(where: { changes[$0].list.key == list.key }) {
                    let listing = try await client.list(list)
                    let observed = mayResend ? try await client.confirm(listing, in: list) : listing
                    oldest[list.key] = ServerListing(observed).managed
                }
            } catch {
                // Nothing could be looked up: what was unknown stays unknown.
                break
            }
            var again: [Int] = []
            for index in unknown.keys.sorted() {
                let error = unknown[index]!
                let change = changes[index]
                if let record = oldest[change.list.key]?[ExactText(change.number)] {
                    outcomes[index] = .created(id: record.id, foundByLookup: true)
                    found += 1
                } else if error.serverMayStillCommit {
                    outcomes[index] = .unknown(error)
                } else if stop.isRaised || streak.isBroken {
                    // Answered and absent: it was not created, and nothing new starts now.
                    outcomes[index] = .failed(error)
                } else {
                    // Until it is sent again, the server's answer stands (Ctrl-C may stop it here).
                    outcomes[index] = .failed(error)
                    again.append(index)
                    continue
                }
                progress?(outcomes[index])
            }
            unknown = [:]
            resent += again.count
            await runBatch(again, of: changes, into: &outcomes, unknown: &unknown, streak: &streak)
        }
        for (index, error) in unknown {
            outcomes[index] = .unknown(error)
            progress?(outcomes[index])
        }

        var report = ApplyReport(
            entries: zip(changes, outcomes).map { ApplyReport.Entry(change: $0, outcome: $1) },
            dryRun: writes == .show, interrupted: stop.isRaised, ambiguousCreatesResolved: found,
            lookupListings: lookups)
        report.createsSentAgain = resent
        report.stoppedEarly = streak.reason
        return report
    }

    /// Runs some changes, at most `parallelism` at once; creates with unknown outcomes are
    /// collected in `unknown` instead of being counted. Stops starting new ones when Ctrl-C is
    /// pressed or `streak` breaks.
    private func runBatch(
        _ indices: [Int], of changes: [Change], into outcomes: inout [ApplyReport.Outcome],
        unknown: inout [Int: PortSIPError], streak: inout FailureStreak
    ) async {
        await withTaskGroup(of: (Int, Result<ApplyReport.Outcome, PortSIPError>).self) { group in
            var next = 0
            func startNext(_ streak: FailureStreak) -> Bool {
                guard next < indices.count, !stop.isRaised, !streak.isBroken else { return false }
                let index = indices[next]
                next += 1
                let change = changes[index]
                group.addTask { (index, await execute(change)) }
                return true
            }
            for _ in 0..<parallelism where !startNext(streak) { break }
            while let (index, result) = await group.next() {
                switch result {
                case .success(let outcome):
                    streak.record(nil)
                    outcomes[index] = outcome
                    progress?(outcome)
                case .failure(let error):
                    // A create the PBX may still be committing cost one attempt, and the lookup
                    // after decides it: it says nothing of a PBX failing every write.
                    if !(changes[index].action == .create && error.serverMayStillCommit) { streak.record(error) }
                    if changes[index].action == .create, error.outcomeIsUnknown {
                        unknown[index] = error
                    } else {
                        outcomes[index] = .failed(error)
                        progress?(outcomes[index])
                    }
                }
                _ = startNext(streak)
            }
        }
    }

    private func execute(_ change: Change) async -> Result<ApplyReport.Outcome, PortSIPError> {
        let request = APIRequest(change)
        if writes == .show { return .success(.shown) }
        do {
            let id = try await client.write(request)
            switch change.action {
            case .create:
                return .success(.created(id: id ?? "", foundByLookup: false))
            case .update: return .success(.updated)
            case .disable: return .success(.disabled)
            case .delete: return .success(.deleted)
            }
        } catch let error as PortSIPError {
            return .failure(error)
        } catch {
            return .failure(PortSIPError(method: request.method, path: "/api" + request.path, kind: .cancelled))
        }
    }
}
