import NumSync
import Synchronization
import TestSupport
import Testing

@testable import NumSync

/// Time slept, shared with the pacer's sleep.
final class Slept: Sendable {
    private let total = Mutex(Duration.zero)
    func add(_ duration: Duration) { total.withLock { $0 += duration } }
    var value: Duration { total.withLock { $0 } }
}

/// The rates a pacer announced.
final class Rates: Sendable {
    private let seen = Mutex<[Double]>([])
    func append(_ rate: Double) { seen.withLock { $0.append(rate) } }
    var value: [Double] { seen.withLock { $0 } }
}

@Suite("Pacing requests")
struct RequestPacerTests {
    /// A pacer on a test clock whose sleeps move the clock; returns it and the total time slept.
    func pacer(_ perMinute: Int, recovery: Duration = .seconds(2), told: Rates = Rates()) -> (
        RequestPacer, TestClock, Slept
    ) {
        let clock = TestClock()
        let slept = Slept()
        let pacer = RequestPacer(
            perMinute: perMinute, time: TimeSource(now: clock.now), recoveryInterval: recovery,
            sleep: { duration in
                slept.add(duration)
                clock.advance(by: duration)
            },
            onRateChange: { told.append($0) })
        return (pacer, clock, slept)
    }

    @Test("a second's worth goes at once, then requests come at the rate", arguments: [600, 5000])
    func bucket(perMinute: Int) async throws {
        let (pacer, _, slept) = pacer(perMinute)
        let burst = max(1, perMinute / 60)
        for _ in 0..<burst { try await pacer.acquire() }
        #expect(slept.value == .zero)
        for _ in 0..<perMinute / 6 { try await pacer.acquire() }
        // A sixth of a minute's requests after the burst take a sixth of a minute.
        let seconds = Double(slept.value.components.seconds) + Double(slept.value.components.attoseconds) / 1e18
        #expect((9.8...10.2).contains(seconds), "\(slept.value)")
    }

    @Test("a throttled answer cuts the rate to 70 %; a quiet spell brings it back up to the configured rate")
    func adaptive() async throws {
        let told = Rates()
        let (pacer, clock, _) = pacer(1200, told: told)
        let first = try await pacer.acquire()
        pacer.throttled(sent: first)
        #expect(pacer.current.currentPerMinute.rounded() == 840)
        let later = try await pacer.acquire()
        pacer.throttled(sent: later)
        #expect(pacer.current.currentPerMinute.rounded() == 588)
        #expect(pacer.current.throttled == 2)
        clock.advance(by: .seconds(4))
        try await pacer.acquire()
        // Two quiet intervals of 2 s: up by a twentieth of 1,200 each.
        #expect(pacer.current.currentPerMinute.rounded() == 708)
        clock.advance(by: .seconds(60))
        try await pacer.acquire()
        #expect(pacer.current.currentPerMinute.rounded() == 1200)
        #expect(pacer.current.lowestPerMinute.rounded() == 588)
        // Each change is announced (for -v): down twice, up twice, then up to the ceiling at once.
        #expect(told.value.map { $0.rounded() } == [840, 588, 708, 1200])
    }

    @Test("a burst answered 429 many times is one episode: the rate is cut once")
    func episode() async throws {
        let (pacer, clock, _) = pacer(6000)
        var sent: [ContinuousClock.Instant] = []
        for _ in 0..<20 { sent.append(try await pacer.acquire()) }
        clock.advance(by: .milliseconds(50))
        for instant in sent { pacer.throttled(sent: instant) }
        #expect(pacer.current.currentPerMinute.rounded() == 4200)
        #expect(pacer.current.throttled == 20)
        // A request sent after the cut and throttled too is a new episode.
        pacer.throttled(sent: try await pacer.acquire())
        #expect(pacer.current.currentPerMinute.rounded() == 2940)
    }

    @Test("the rate never falls below a floor, however often the PBX throttles")
    func floor() async throws {
        let (pacer, _, _) = pacer(6000)
        for _ in 0..<100 { pacer.throttled(sent: try await pacer.acquire()) }
        #expect(pacer.current.currentPerMinute.rounded() == (6000.0 / 64).rounded())
    }
}
