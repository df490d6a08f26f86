import NumSyncCore

/// Carries out a plan's operations against the server, concurrently and safely.
///
/// Dry-run takes the same path and replaces only the writes, by showing each request instead
/// of sending it. A create whose outcome is unknown is never sent again blindly: the executor
/// lists the server once for all such creates, counts those it finds as created, and creates
/// only the ones really absent, with the same rule for that attempt.
public struct Executor: Sendable {
    /// Whether writes are sent or only shown.
    public enum Writes: Sendable {
        /// Send them.
        case send
        /// Dry-run: send nothing; the report marks each write as shown, and `APIRequest(operation)`
        /// is exactly what would have been sent.
        case show
    }

    /// The client.
    public var client: PortSIPClient
    /// Operations in flight at once.
    public var parallelism: Int
    /// Send or show.
    public var writes: Writes
    /// Raised by Ctrl-C: no new operation starts.
    public var stop: StopSignal
    /// Told about every finished operation.
    public var progress: (@Sendable (ApplyReport.Outcome) -> Void)?
    /// How many times unknown creates are looked up and retried before they count as failed.
    public var maximumLookupRounds = 8

    /// Creates an executor.
    public init(
        client: PortSIPClient, parallelism: Int, writes: Writes = .send, stop: StopSignal = StopSignal(),
        progress: (@Sendable (ApplyReport.Outcome) -> Void)? = nil
    ) {
        self.client = client
        self.parallelism = max(1, parallelism)
        self.writes = writes
        self.stop = stop
        self.progress = progress
    }

    /// Runs the operations; never throws: every failure is in the report.
    public func run(_ operations: [Operation]) async -> ApplyReport {
        let countersBefore = client.requestCounters
        var outcomes = [ApplyReport.Outcome](repeating: .notStarted, count: operations.count)
        var unknown: [Int: PortSIPError] = [:]
        await runBatch(Array(operations.indices), of: operations, into: &outcomes, unknown: &unknown)

        var resolved = 0
        var listings = 0
        var round = 0
        while !unknown.isEmpty, round < maximumLookupRounds {
            round += 1
            listings += 1
            let observed: [ObservedNumber]
            do {
                observed = try await client.list(.exclusiveNumbers)
            } catch let error as PortSIPError {
                for (index, _) in unknown { outcomes[index] = .failed(error) }
                unknown = [:]
                break
            } catch {
                break
            }
            var byNumber: [String: ObservedNumber] = [:]
            for record in observed {
                if let existing = byNumber[record.number], !ObservedNumber.isOlder(record, than: existing) {
                    continue
                }
                byNumber[record.number] = record
            }
            for index in unknown.keys.sorted() {
                if let found = byNumber[operations[index].number] {
                    outcomes[index] = .created(id: found.id, foundByLookup: true)
                    resolved += 1
                    progress?(outcomes[index])
                    unknown[index] = nil
                }
            }
            // Interrupted: what is still unknown is reported, not created again.
            guard !stop.isRaised else { break }
            let again = unknown.keys.sorted()
            unknown = [:]
            await runBatch(again, of: operations, into: &outcomes, unknown: &unknown)
        }
        for (index, error) in unknown { outcomes[index] = .failed(error) }

        var report = ApplyReport(
            entries: zip(operations, outcomes).map { ApplyReport.Entry(operation: $0, outcome: $1) },
            dryRun: writes == .show, interrupted: stop.isRaised, ambiguousCreatesResolved: resolved,
            lookupListings: listings)
        let countersAfter = client.requestCounters
        report.requestsSent = countersAfter.sent - countersBefore.sent
        report.retries = countersAfter.retries - countersBefore.retries
        return report
    }

    /// Runs some operations, at most `parallelism` at once; creates with unknown outcomes are
    /// collected in `unknown` instead of being counted.
    private func runBatch(
        _ indices: [Int], of operations: [Operation], into outcomes: inout [ApplyReport.Outcome],
        unknown: inout [Int: PortSIPError]
    ) async {
        await withTaskGroup(of: (Int, Result<ApplyReport.Outcome, PortSIPError>).self) { group in
            var next = 0
            func startNext() -> Bool {
                guard next < indices.count, !stop.isRaised else { return false }
                let index = indices[next]
                next += 1
                let operation = operations[index]
                group.addTask { (index, await execute(operation)) }
                return true
            }
            for _ in 0..<parallelism where !startNext() { break }
            while let (index, result) = await group.next() {
                switch result {
                case .success(let outcome):
                    outcomes[index] = outcome
                    progress?(outcome)
                case .failure(let error):
                    if operations[index].action == .create, error.outcomeIsUnknown {
                        unknown[index] = error
                    } else {
                        outcomes[index] = .failed(error)
                        progress?(outcomes[index])
                    }
                }
                _ = startNext()
            }
        }
    }

    private func execute(_ operation: Operation) async -> Result<ApplyReport.Outcome, PortSIPError> {
        let request = APIRequest(operation)
        if writes == .show { return .success(.shown) }
        do {
            let response = try await client.perform(request)
            switch operation.action {
            case .create:
                return .success(
                    .created(id: try client.createdID(from: response, request: request), foundByLookup: false))
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
