import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Reconciler against servers that misbehave")
struct ReconcilerTests {
    @Test("a create that times out while the PBX is still working is never sent again in the same run")
    func slowCommitsAreNeverDuplicated() async throws {
        let desired = desiredNumbers(6)
        // Every write waits to commit until the test lets it: the client's 3 s pass unanswered,
        // and its lookup comes before any commit, however slow the machine.
        try await TestSimulator.with { simulator in
            await simulator.commits.close()
            let report = try await withClient(simulator, timeout: .seconds(3)) { client in
                let reconciler = Reconciler(client: client)
                let (plan, observed) = try await reconciler.plan(desired)
                return await reconciler.apply(
                    plan.changes, executor: Executor(client: client, parallelism: 6),
                    verification: .replan(desired, before: observed))
            }
            // Each create was sent once; none was answered in time or found by the lookup.
            #expect(await simulator.commits.arrived == 6)
            #expect(await simulator.statistics.current().requests("POST /api/exclusive_numbers") == 6)
            #expect(report.createsSentAgain == 0)
            #expect(report.outcomeUnknown.count == 6)
            #expect(report.ambiguousCreatesResolved == 0)
            // The check afterwards must not declare success while writes may still land.
            let converged = report.converged
            #expect(!converged)
            let text = ApplyReportRenderer().summary(report)
            #expect(text.contains("Outcome unknown"))
            #expect(!text.contains("none was sent twice"))

            // Once the PBX has caught up, every number is there exactly once and nothing is left to do.
            await simulator.commits.open()
            try await eventually { await simulator.statistics.current().commits["create", default: 0] == 6 }
            let records = await simulator.store.all()
            #expect(records.count == 6)
            #expect(Set(records.map(\.number)).count == 6)
            #expect(try await planNow(desired, on: simulator).isEmpty)
        }
    }

    @Test("an unanswered VIP create is looked up among the VIP numbers, not among the exclusive numbers")
    func lookupsStayInTheirList() async throws {
        let vip = PortSIPList.vipNumbers
        let source = NumSyncCore.SourceLocation(file: "lists.yaml", line: 1, column: 13)
        let numbers = (0..<3).map { "+1777100000\($0)" }
        let desired = DesiredState(
            DesiredList(
                numbers: numbers.map { DesiredNumber(number: $0, values: vip.defaultValues, source: source) },
                in: vip))
        // The same numbers are exclusive numbers already: finding them there proves nothing.
        let seed = numbers.enumerated().map { index, number in
            WireNumber(
                id: "x\(index)", number: number, created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
        }
        // Commits wait for the test, as above, so that the lookup certainly comes first.
        try await TestSimulator.with(seed: seed) { simulator in
            await simulator.commits.close()
            let report = try await withClient(simulator, timeout: .seconds(3)) { client in
                let reconciler = Reconciler(client: client)
                let (plan, observed) = try await reconciler.plan(desired)
                #expect(plan.changes.map(\.action) == [.create, .create, .create])
                return await reconciler.apply(
                    plan.changes, executor: Executor(client: client, parallelism: 3),
                    verification: .replan(desired, before: observed))
            }
            #expect(await simulator.statistics.current().requests("POST /api/vip_numbers") == 3)
            #expect(report.outcomeUnknown.count == 3)
            #expect(report.ambiguousCreatesResolved == 0)
            #expect(ApplyReportRenderer().summary(report).contains(#"+ create vip_numbers "+17771000000""#))
            await simulator.commits.open()
            try await eventually { await simulator.stores["vip_numbers"]!.count == 3 }
            #expect(try await planNow(desired, on: simulator).isEmpty)
        }
    }

    @Test("a create answered 500 is sent again only after a proved listing shows it absent")
    func answeredFailuresAreResentOnce() async throws {
        let desired = desiredNumbers(40)
        try await TestSimulator.with({
            $0.faults.failRate = 0.3
            $0.faults.seed = 5
        }) { simulator in
            let report = try await planAndApply(desired, on: simulator)
            let converged = report.converged
            #expect(converged, "\(ApplyReportRenderer().summary(report))")
            #expect(report.createsSentAgain > 0)
            #expect(report.outcomeUnknown.isEmpty)
            let records = await simulator.store.all()
            #expect(records.count == 40)
            #expect(Set(records.map(\.number)).count == 40)
        }
    }

    @Test("a record that slips between pages while planning is not planned as a create")
    func shiftingListingDoesNotDuplicate() async throws {
        // The server holds numbers 0-249 of the desired 250; the shift hides one that exists.
        let desired = desiredNumbers(250)
        let seed = desired.numbers.map { wanted in
            WireNumber(
                id: "s" + wanted.number, number: wanted.number, created_at: "2026-01-01T00:00:00Z",
                enabled: wanted.enabled, description: wanted.description)
        }
        try await TestSimulator.with({ $0.paging = .shift }, seed: seed) { simulator in
            // The shift removed the 100th number and added an unmanaged one: exactly one create.
            let report = try await planAndApply(desired, on: simulator)
            #expect(report.counts.created == 1)
            let converged = report.converged
            #expect(converged, "\(ApplyReportRenderer().summary(report))")
            let records = await simulator.store.all()
            #expect(Set(records.map(\.number)).count == records.count)
            #expect(try await planNow(desired, on: simulator).isEmpty)
        }
    }

    @Test("a server that changes under every listing gets no plan at all")
    func endlesslyShiftingServerIsRefused() async throws {
        let desired = desiredNumbers(300)
        try await TestSimulator.with(
            {
                $0.paging = .shift
                $0.shiftingListings = 100
            }, seed: TestSimulator.records(250)
        ) { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await planNow(desired, on: simulator)
            }
            guard case .incompleteListing? = error?.kind else {
                Issue.record("expected an incomplete listing, got \(String(describing: error))")
                return
            }
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("creates answered 503 with Retry-After are retried without any lookup")
    func unavailableCreatesAreRetried() async throws {
        let desired = desiredNumbers(30)
        try await TestSimulator.with({
            $0.faults.throttleRate = 0.3
            $0.faults.throttleStatus = 503
            $0.faults.retryAfterSeconds = 0
            $0.faults.seed = 9
        }) { simulator in
            let report = try await planAndApply(desired, on: simulator)
            let converged = report.converged
            #expect(converged)
            #expect(report.lookupListings == 0)
            #expect(report.ambiguousCreatesResolved == 0)
            #expect(await simulator.store.count == 30)
        }
    }
}
