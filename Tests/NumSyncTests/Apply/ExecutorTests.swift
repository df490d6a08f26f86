import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

/// Desired numbers `+1777000000`...
func desiredNumbers(_ count: Int, description: String = "wanted") -> DesiredState {
    DesiredState(
        DesiredList(
            numbers: (0..<count).map {
                DesiredNumber(
                    number: "+1777\(1_000_000 + $0)", enabled: $0 % 5 != 0, description: "\(description) \($0)",
                    source: NumSyncCore.SourceLocation(file: "n.yaml", line: $0 + 1, column: 13))
            }, in: .exclusiveNumbers))
}

/// Plans against the simulator, applies with the executor, and returns the report.
func planAndApply(
    _ desired: DesiredState, on simulator: RunningSimulator, writes: Executor.Writes = .send,
    stop: StopSignal = StopSignal()
) async throws -> ApplyReport {
    try await withClient(simulator) { client in
        let reconciler = Reconciler(client: client)
        let (plan, observed) = try await reconciler.plan(desired)
        let executor = Executor(client: client, parallelism: 8, writes: writes, stop: stop)
        return await reconciler.apply(
            plan.changes, executor: executor,
            verification: writes == .send ? .replan(desired, before: observed) : .skip)
    }
}

/// The plan the simulator's state gives now.
func planNow(_ desired: DesiredState, on simulator: RunningSimulator) async throws -> Plan {
    try await withClient(simulator) { client in
        try await Reconciler(client: client).plan(desired).plan
    }
}

@Suite("Executor")
struct ExecutorTests {
    @Test("after an apply, a second plan is empty")
    func secondPlanIsEmpty() async throws {
        var desired = desiredNumbers(120)
        desired.lists[0].unmanaged = .delete
        let seed =
            TestSimulator.records(30, prefix: "+1999") + [
                WireNumber(
                    id: "u1", number: "+17771000001", created_at: "2026-01-01T00:00:00Z", enabled: true,
                    description: "stale")
            ]
        try await TestSimulator.with({ _ in }, seed: seed) { simulator in
            let report = try await planAndApply(desired, on: simulator)
            #expect(report.converged)
            #expect(report.counts.created == 119)
            #expect(report.counts.updated == 1)
            #expect(report.counts.deleted == 30)
            #expect(report.leftover?.isEmpty == true)
            #expect(try await planNow(desired, on: simulator).isEmpty)
        }
    }

    @Test("connections drop after committing creates, yet no number is duplicated or missing")
    func noDuplicatesUnderDrops() async throws {
        let desired = desiredNumbers(300)
        try await TestSimulator.with({
            $0.faults.dropRate = 0.3
            $0.faults.failRate = 0.1
            $0.faults.seed = 11
        }) { simulator in
            let report = try await planAndApply(desired, on: simulator)
            #expect(report.converged, "\(ApplyReportRenderer().summary(report))")
            #expect(report.ambiguousCreatesResolved > 0)
            // Unknown outcomes are resolved in batches: a handful of listings, not one per create.
            #expect(report.lookupListings <= 8)
            let records = await simulator.store.all()
            #expect(records.count == 300)
            #expect(Set(records.map(\.number)).count == 300)
            #expect(try await planNow(desired, on: simulator).isEmpty)
        }
    }

    @Test("dry-run takes the same path but sends no write")
    func dryRunWritesNothing() async throws {
        try await TestSimulator.with({ _ in }, seed: TestSimulator.records(10)) { simulator in
            var desired = desiredNumbers(20)
            desired.lists[0].unmanaged = .delete
            let report = try await planAndApply(desired, on: simulator, writes: .show)
            #expect(report.dryRun)
            #expect(report.entries.count == 30)
            #expect(report.entries.allSatisfy { $0.outcome == .shown })
            #expect(await simulator.statistics.current().writeRequests == 0)
            #expect(await simulator.store.count == 10)
        }
    }

    @Test("a raised stop signal starts nothing")
    func stopStartsNothing() async throws {
        try await TestSimulator.with { simulator in
            let stop = StopSignal()
            stop.raise()
            let report = try await planAndApply(desiredNumbers(10), on: simulator, stop: stop)
            #expect(report.interrupted)
            #expect(report.notStarted == 10)
            #expect(!report.converged)
            #expect(await simulator.store.count == 0)
        }
    }

    @Test("a change made behind the plan's back is reported as left over")
    func leftoverIsReported() async throws {
        try await TestSimulator.with { simulator in
            let desired = desiredNumbers(3)
            try await withClient(simulator) { client in
                let reconciler = Reconciler(client: client)
                let (plan, observed) = try await reconciler.plan(desired)
                // Someone adds one of the numbers by hand, with another description, meanwhile.
                _ = try await client.create([.init(.number, .string(desired.numbers[0].number))], in: .exclusiveNumbers)
                let report = await reconciler.apply(
                    plan.changes, executor: Executor(client: client, parallelism: 2),
                    verification: .replan(desired, before: observed))
                #expect(!report.converged)
                #expect(report.newDuplicates.map(\.number) == [desired.numbers[0].number])
            }
        }
    }

    @Test("a failing change is reported with the client's error; the others succeed")
    func failureIsReported() async throws {
        let seed = [
            WireNumber(id: "x", number: "+1", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
        ]
        try await TestSimulator.with({ _ in }, seed: seed) { simulator in
            try await withClient(simulator) { client in
                let changes = [
                    Change(
                        action: .update, list: .exclusiveNumbers, number: "+1", id: "x",
                        assignments: [.init(.description, .string("ok"))]),
                    Change(
                        action: .update, list: .exclusiveNumbers, number: "+2", id: "gone",
                        assignments: [.init(.description, .string("x"))]),
                ]
                let report = await Executor(client: client, parallelism: 2).run(changes)
                #expect(report.entries[0].outcome == .updated)
                guard case .failed(let error) = report.entries[1].outcome else {
                    Issue.record("expected a failure")
                    return
                }
                #expect(error.description.contains("404 NOT_FOUND"))
            }
        }
    }
}
