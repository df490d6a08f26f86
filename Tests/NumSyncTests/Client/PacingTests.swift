import Foundation
import Logging
import NumSync
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import Synchronization
import TestSupport
import Testing

/// numsync and a rate-limited PBX on one test clock that moves only when numsync waits: one
/// request at a time, so that every run sends the same requests at the same instants, however
/// loaded the machine. (The same against the wall clock is measured by `scripts/bench --only
/// pacing`.)
struct VirtualTime {
    let clock = TestClock()
    let rates = Rates()

    /// A simulator limited to `perMinute` by this clock.
    func configure(_ perMinute: Int) -> (inout SimulatorConfiguration) -> Void {
        { [clock] in
            $0.rateLimitPerMinute = perMinute
            $0.now = clock.now
        }
    }

    /// A client pacing itself to `perMinute` by this clock, one request at a time.
    func client(_ simulator: RunningSimulator, perMinute: Int?) throws -> PortSIPClient {
        let clock = self.clock
        let rates = self.rates
        return try PortSIPClient(
            settings: ConnectionSettings(
                server: try ServerAddress(simulator.url), credentials: .token(Secret(TestSimulator.token)),
                timeout: .seconds(120), parallelism: 1, retry: .standard, rateLimitPerMinute: perMinute),
            logger: Logger(label: "pacing") { _ in RateLog(rates) }, time: TimeSource(now: clock.now),
            sleep: { clock.advance(by: $0) })
    }
}

/// Collects the rates the client announces ("pacing requests at 840 a minute now").
struct RateLog: LogHandler {
    let rates: Rates
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    init(_ rates: Rates) { self.rates = rates }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let text = "\(event.message)"
        guard let match = text.firstMatch(of: /pacing requests at ([\d,]+) a minute now/) else { return }
        rates.append(Double(match.output.1.replacingOccurrences(of: ",", with: ""))!)
    }
}

@Suite("Pacing against a rate-limited PBX, on a test clock")
struct PacingTests {
    @Test(
        "an apply of 200 creates stays within the PBX's limit, or settles near it, with few throttled requests, no failure and no duplicate",
        arguments: [(1200, 1200, 0.02), (600, 1200, 0.08)])
    func pacing(pbxPerMinute: Int, numsyncPerMinute: Int, maximumThrottled: Double) async throws {
        let time = VirtualTime()
        let desired = desiredNumbers(200)
        try await TestSimulator.with(time.configure(pbxPerMinute)) { simulator in
            let client = try time.client(simulator, perMinute: numsyncPerMinute)
            let reconciler = Reconciler(client: client)
            let (plan, observed) = try await reconciler.plan(desired)
            let report = await reconciler.apply(
                plan.changes, executor: Executor(client: client, parallelism: 1),
                verification: .replan(desired, before: observed))
            await client.shutdown()
            #expect(report.converged, "\(ApplyReportRenderer().summary(report))")
            #expect(report.counts.failed == 0)
            let stats = await simulator.statistics.current()
            let throttled = stats.faults["rate_limit"] ?? 0
            #expect(
                Double(throttled) < maximumThrottled * Double(stats.totalRequests),
                "\(throttled) of \(stats.totalRequests)")
            #expect(report.requestsThrottled <= throttled)
            if pbxPerMinute < numsyncPerMinute {
                // It slowed down by itself, first by 30 %, and settled at or under the PBX's limit.
                #expect(time.rates.value.first == Double(numsyncPerMinute * 7 / 10), "\(time.rates.value)")
                #expect(try #require(client.pacingPerMinute) <= Double(pbxPerMinute) * 1.1)
            } else {
                #expect(throttled == 0)
            }
            let records = await simulator.store.all()
            #expect(records.count == 200)
            #expect(Set(records.map(\.number)).count == 200)
        }
    }

    @Test(
        "every page of a listing waits its turn: paced below the PBX's limit, a listing of 1,000 numbers is never throttled, where unpaced it is",
        arguments: [(120, true), (nil, false)])
    func listing(numsyncPerMinute: Int?, paced: Bool) async throws {
        let time = VirtualTime()
        let seed = (0..<1000).map {
            WireNumber(
                id: "n\($0)", number: "+1555\(100_000 + $0)", created_at: "2026-01-01T00:00:00Z", enabled: true,
                description: nil)
        }
        try await TestSimulator.with(time.configure(240), seed: seed) { simulator in
            let client = try time.client(simulator, perMinute: numsyncPerMinute)
            let listed = try await client.list(.exclusiveNumbers)
            await client.shutdown()
            #expect(listed.count == 1000)
            let throttled = await simulator.statistics.current().faults["rate_limit"] ?? 0
            #expect(paced ? throttled == 0 : throttled > 0, "\(throttled)")
        }
    }
}
