import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import Synchronization
import Testing

/// A PBX in memory, whose creates fail as scripted: the executor's decisions, without HTTP.
final class ScriptedPBX: PortSIPConnection {
    /// What the first create of a number does.
    enum Script: Sendable {
        /// Answers 500 and commits nothing: the server has finished with it.
        case answerError
        /// Commits, then the connection drops: no answer.
        case commitThenDrop
        /// No answer, and nothing committed yet (the PBX is still working on it).
        case noAnswer
    }

    private struct State {
        var records: [ObservedRecord] = []
        var creates: [String: Int] = [:]
        var sent = 0
        var listings = 0
    }

    private let scripts: [String: Script]
    private let state = Mutex(State())
    /// Raised (as by Ctrl-C) when a scripted failure is answered.
    private let stopOnFailure: StopSignal?

    init(_ scripts: [String: Script], stopOnFailure: StopSignal? = nil) {
        self.scripts = scripts
        self.stopOnFailure = stopOnFailure
    }

    /// No number has exclusive agents here.
    func value(of relation: Relation, owner ownerID: String, target targetID: String?) async throws -> [Member] { [] }

    /// How many creates of `number` arrived.
    func createsSent(_ number: String) -> Int { state.withLock { $0.creates[number] ?? 0 } }
    /// How many listings were made.
    var listings: Int { state.withLock { $0.listings } }
    /// Every record held.
    var records: [ObservedRecord] { state.withLock { $0.records } }

    func write(_ request: APIRequest) async throws -> String? {
        let body = request.body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]
        let number = body?["number"] as? String ?? ""
        let path = "/api" + request.path
        return try state.withLock { state -> String? in
            state.sent += 1
            state.creates[number, default: 0] += 1
            let record = ObservedRecord(
                id: "id\(state.sent)", number: number, enabled: true, description: "",
                createdAt: "2026-01-01T00:00:00Z")
            switch state.creates[number] == 1 ? scripts[number] : nil {
            case .answerError?:
                stopOnFailure?.raise()
                throw PortSIPError(
                    method: "POST", path: path, kind: .http(status: 500, code: "INTERNAL_ERROR", message: nil))
            case .commitThenDrop?:
                state.records.append(record)
                throw PortSIPError(
                    method: "POST", path: path,
                    kind: .transport(reason: "closed", delivery: .mayHaveReachedServer, transient: true))
            case .noAnswer?:
                throw PortSIPError(
                    method: "POST", path: path,
                    kind: .transport(reason: "no answer", delivery: .mayHaveReachedServer, transient: true))
            case nil:
                state.records.append(record)
                return record.id
            }
        }
    }

    func list(_ list: PortSIPList) async throws -> [ObservedRecord] {
        state.withLock { state in
            state.listings += 1
            return state.records
        }
    }

    func confirm(_ listing: [ObservedRecord], in list: PortSIPList) async throws -> [ObservedRecord] {
        try await self.list(list)
    }

    var requestCounters: PortSIPClient.RequestCounters {
        PortSIPClient.RequestCounters(sent: state.withLock { $0.sent })
    }
}

@Suite("Executor decisions, without HTTP")
struct ExecutorLogicTests {
    func creates(_ numbers: [String]) -> [Change] {
        numbers.map {
            Change.create(
                DesiredNumber(number: $0, source: NumSyncCore.SourceLocation(file: "n.yaml", line: 1, column: 1)),
                in: .exclusiveNumbers)
        }
    }

    @Test("an answered failure is sent again, a dropped commit is found, a create without an answer is left unknown")
    func unknownOutcomes() async {
        let pbx = ScriptedPBX(["+1": .answerError, "+2": .commitThenDrop, "+3": .noAnswer])
        let report = await Executor(client: pbx, parallelism: 2).run(creates(["+1", "+2", "+3", "+4"]))
        let outcomes = report.entries.map(\.outcome)
        // Ids are handed out in the order creates arrive, which two at a time is up to the
        // scheduler: each outcome names the id the PBX holds for its number.
        func id(of number: String) -> String? { pbx.records.first { $0.key == number }?.id }
        #expect(outcomes[0] == .created(id: id(of: "+1") ?? "-", foundByLookup: false))
        #expect(outcomes[1] == .created(id: id(of: "+2") ?? "-", foundByLookup: true))
        guard case .unknown = outcomes[2] else {
            Issue.record("expected an unknown outcome, got \(outcomes[2])")
            return
        }
        #expect(outcomes[3] == .created(id: id(of: "+4") ?? "-", foundByLookup: false))
        let sent: [Int] = [pbx.createsSent("+1"), pbx.createsSent("+2"), pbx.createsSent("+3")]
        #expect(sent == [2, 1, 1])
        #expect(report.createsSentAgain == 1)
        #expect(report.ambiguousCreatesResolved == 1)
        #expect(pbx.listings == 2)
        let converged = report.converged
        #expect(!converged)
    }

    @Test("after Ctrl-C an answered failure is not sent again: it failed")
    func stoppedAfterAnsweredFailure() async {
        let stop = StopSignal()
        let pbx = ScriptedPBX(["+1": .answerError], stopOnFailure: stop)
        let report = await Executor(client: pbx, parallelism: 1, stop: stop).run(creates(["+1"]))
        guard case .failed = report.entries[0].outcome else {
            Issue.record("expected a failure, got \(report.entries[0].outcome)")
            return
        }
        #expect(pbx.createsSent("+1") == 1)
    }

    @Test(
        "creates that got no answer do not stop the run, however many: each cost one attempt and a lookup decides it; answered failures in a row do"
    )
    func failureStreaks() async {
        let numbers = (0..<30).map { "+1\($0)" }
        let slow = ScriptedPBX(Dictionary(uniqueKeysWithValues: numbers.map { ($0, .noAnswer) }))
        let unanswered = await Executor(client: slow, parallelism: 4).run(creates(numbers))
        #expect(unanswered.stoppedEarly == nil)
        #expect(unanswered.notStarted == 0)
        #expect(numbers.allSatisfy { slow.createsSent($0) == 1 })

        let failing = ScriptedPBX(Dictionary(uniqueKeysWithValues: numbers.map { ($0, .answerError) }))
        let answered = await Executor(client: failing, parallelism: 1).run(creates(numbers))
        #expect(answered.stoppedEarly?.contains("500 INTERNAL_ERROR") == true)
        #expect(answered.notStarted == 20)
        // Answered and absent, but not sent again: the run has stopped starting changes.
        #expect(numbers.allSatisfy { failing.createsSent($0) <= 1 })
    }
}
