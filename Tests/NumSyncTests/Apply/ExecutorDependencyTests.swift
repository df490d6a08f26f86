import Foundation
import NumSync
import NumSyncCore
import Synchronization
import Testing

/// A PBX in memory that holds relation values by path, replaces them on a set, and fails the
/// sets of the paths it is told to: enough to see in which order the executor sends them.
final class RelationPBX: PortSIPConnection {
    private struct State {
        var values: [String: [String]] = [:]
        var writes: [String] = []
    }

    private let failing: Set<String>
    private let state = Mutex(State())

    init(failing: Set<String> = []) {
        self.failing = failing
    }

    /// The paths written, in order.
    var writes: [String] { state.withLock { $0.writes } }

    func write(_ request: APIRequest) async throws -> String? {
        let path = request.path
        guard !failing.contains(path) else {
            throw PortSIPError(
                method: request.method, path: "/api" + path, kind: .http(status: 400, code: "E", message: "refused"))
        }
        let body = request.body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) } as? [String: Any]
        state.withLock { state in
            state.writes.append(path)
            state.values[path] = body?["items"] as? [String] ?? []
        }
        return nil
    }

    func value(of relation: Relation, owner ownerID: String, target targetID: String?) async throws -> [Member] {
        let path = "/" + relation.valuePath.filled(["id": ownerID, "target": targetID ?? ""])
        return state.withLock { $0.values[path] ?? [] }.map { Member(extensionNumber: $0) }
    }

    func list(_ list: PortSIPList) async throws -> [ObservedRecord] { [] }
    func confirm(_ listing: [ObservedRecord], in list: PortSIPList) async throws -> [ObservedRecord] {
        listing
    }
    var requestCounters: PortSIPClient.RequestCounters { PortSIPClient.RequestCounters() }
}

@Suite("Carrying out changes in dependency order")
struct ExecutorDependencyTests {
    static let source = NumSyncCore.SourceLocation(file: "numbers.yaml", line: 3, column: 7)

    /// A change of the exclusive agents of number `id` in queue `queue`.
    static func agents(_ number: String, id: String, queue: String, after: [String], dependingOn: [Change] = [])
        -> Change
    {
        var change = Change.relation(
            RelationChange(relation: .exclusiveAgents, target: queue, targetID: queue, before: [], after: after),
            of: number, id: id, in: .exclusiveNumbers, source: source)
        change.dependencies += dependingOn.map(\.key)
        return change
    }

    @Test(
        "a change waits for the changes it depends on, whatever their order in the plan; the report lists them in the order sent"
    )
    func waits() async {
        let first = Self.agents("+1", id: "n1", queue: "q1", after: ["101"])
        let second = Self.agents("+2", id: "n2", queue: "q2", after: ["201"], dependingOn: [first])
        let third = Self.agents("+3", id: "n3", queue: "q3", after: ["301"], dependingOn: [second])
        for parallelism in [1, 4] {
            let pbx = RelationPBX()
            let report = await Executor(client: pbx, parallelism: parallelism).run([third, second, first])
            #expect(report.entries.map(\.outcome) == [.applied, .applied, .applied])
            #expect(report.entries.map(\.change.number) == ["+1", "+2", "+3"])
            #expect(
                pbx.writes == [
                    "/exclusive_numbers/n1/call_queues/q1/agents", "/exclusive_numbers/n2/call_queues/q2/agents",
                    "/exclusive_numbers/n3/call_queues/q3/agents",
                ])
        }
    }

    @Test("a change whose dependency failed is not started, and the summary says why")
    func dependencyFailed() async {
        let first = Self.agents("+1", id: "n1", queue: "q1", after: ["101"])
        let second = Self.agents("+2", id: "n2", queue: "q2", after: ["201"], dependingOn: [first])
        let independent = Self.agents("+4", id: "n4", queue: "q4", after: ["401"])
        let pbx = RelationPBX(failing: ["/exclusive_numbers/n1/call_queues/q1/agents"])
        let report = await Executor(client: pbx, parallelism: 2).run([first, second, independent])
        #expect(report.entries.map(\.change.number) == ["+1", "+4", "+2"])
        #expect(report.entries.map(\.outcome.succeeded) == [false, true, false])
        #expect(report.entries[2].outcome == .notStarted)
        #expect(pbx.writes == ["/exclusive_numbers/n4/call_queues/q4/agents"])
        let summary = ApplyReportRenderer().summary(report)
        #expect(summary.contains(#"~ agents "+2" queue q2: not started (a change it depends on did not succeed)"#))
        #expect(!report.converged)
    }

    @Test("changes that wait on each other are never sent")
    func cycle() async {
        var first = Self.agents("+1", id: "n1", queue: "q1", after: ["101"])
        let second = Self.agents("+2", id: "n2", queue: "q2", after: ["201"], dependingOn: [first])
        first.dependencies.append(second.key)
        let pbx = RelationPBX()
        let report = await Executor(client: pbx, parallelism: 2).run([first, second])
        #expect(report.entries.map(\.outcome) == [.notStarted, .notStarted])
        #expect(pbx.writes.isEmpty)
    }

    @Test("a dry run shows every change, dependent ones included, and sends nothing")
    func dryRun() async {
        let first = Self.agents("+1", id: "n1", queue: "q1", after: ["101"])
        let second = Self.agents("+2", id: "n2", queue: "q2", after: ["201"], dependingOn: [first])
        let pbx = RelationPBX()
        let report = await Executor(client: pbx, parallelism: 2, writes: .show).run([first, second])
        #expect(report.entries.map(\.outcome) == [.shown, .shown])
        #expect(pbx.writes.isEmpty)
    }
}
