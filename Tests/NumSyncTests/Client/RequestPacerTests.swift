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
    func pacer(
        _ perMinute: Int?, recovery: Duration = .seconds(1), maximumPause: Duration = .seconds(900),
        told: Rates = Rates()
    ) -> (RequestPacer, TestClock, Slept) {
        let clock = TestClock()
        let slept = Slept()
        let pacer = RequestPacer(
            perMinute: perMinute, time: TimeSource(now: clock.now), recoveryInterval: recovery,
            maximumPause: maximumPause,
            sleep: { duration in
                slept.add(duration)
                clock.advance(by: duration)
            },
            onRateChange: { told.append($0) })
        return (pacer, clock, slept)
    }

    func rate(_ pacer: RequestPacer) -> Double { (pacer.current.currentPerMinute ?? -1).rounded() }

    @Test(
        "requests come at the rate from the first, and a quiet second saves up a second's worth",
        arguments: [600, 5000])
    func bucket(perMinute: Int) async throws {
        let (pacer, clock, slept) = pacer(perMinute)
        for _ in 0..<perMinute / 6 { try await pacer.acquire() }
        // A sixth of a minute's requests take a sixth of a minute, less the first's turn.
        let seconds = slept.value.seconds
        #expect((9.8...10.2).contains(seconds), "\(slept.value)")
        clock.advance(by: .seconds(1))
        let before = slept.value
        for _ in 0..<perMinute / 60 { try await pacer.acquire() }
        #expect(slept.value == before)
    }

    @Test(
        "a throttled answer cuts the rate to 70 %, or to a quarter when the last cut was under a second ago; each quiet second it climbs halfway back to the limit found, rests there, then probes above it in growing steps"
    )
    func adaptive() async throws {
        let told = Rates()
        let (pacer, clock, _) = pacer(1200, told: told)
        pacer.throttled(sent: try await pacer.acquire())
        #expect(rate(pacer) == 840)
        // Refused again at once: still far above the PBX's limit.
        pacer.throttled(sent: try await pacer.acquire())
        #expect(rate(pacer) == 210)
        #expect(pacer.current.throttled == 2)
        var climbed: [Double] = []
        for _ in 0..<7 {
            clock.advance(by: .seconds(1))
            try await pacer.acquire()
            climbed.append(rate(pacer))
        }
        // Halfway back to 840 each second, by at least 2 % of it (16.8).
        #expect(climbed == [525, 683, 761, 801, 820, 837, 840])
        // Ten seconds at the limit found, then 0.5 % of it above, then 1 % more.
        clock.advance(by: .seconds(10))
        try await pacer.acquire()
        #expect(rate(pacer) == 840)
        clock.advance(by: .seconds(1))
        try await pacer.acquire()
        #expect(rate(pacer) == 844)
        clock.advance(by: .seconds(1))
        try await pacer.acquire()
        #expect(rate(pacer) == 853)
        // Probing grows: back at the configured rate within a minute, never above it.
        clock.advance(by: .seconds(60))
        try await pacer.acquire()
        #expect(rate(pacer) == 1200)
        #expect(pacer.current.lowestPerMinute?.rounded() == 210)
        #expect(told.value.map { $0.rounded() } == [840, 210] + climbed + [844, 853, 1200])
    }

    @Test(
        "once the PBX has been limiting for two seconds, the limit found is what it let through lately, when that is less than the rate it refused"
    )
    func limitFromWhatWasLetThrough() async throws {
        let (pacer, clock, _) = pacer(1200)
        pacer.throttled(sent: try await pacer.acquire())
        #expect(rate(pacer) == 840)
        // Three seconds in which the PBX let 5 a second through (300 a minute).
        clock.advance(by: .milliseconds(500))
        for _ in 0..<3 {
            for _ in 0..<5 { pacer.admitted() }
            clock.advance(by: .seconds(1))
        }
        pacer.throttled(sent: try await pacer.acquire())
        // 70 % of 300, not of the rate it climbed back to.
        #expect(rate(pacer) == 210)
    }

    @Test("a burst answered 429 many times is one episode: the rate is cut once")
    func episode() async throws {
        let (pacer, clock, _) = pacer(6000)
        var sent: [ContinuousClock.Instant] = []
        for _ in 0..<20 { sent.append(try await pacer.acquire()) }
        clock.advance(by: .milliseconds(50))
        for instant in sent { pacer.throttled(sent: instant) }
        #expect(rate(pacer) == 4200)
        #expect(pacer.current.throttled == 20)
        // A request sent after the cut and throttled too is a new episode: far above the limit.
        pacer.throttled(sent: try await pacer.acquire())
        #expect(rate(pacer) == 1050)
    }

    @Test("a turn given out before a cut is void: the request waits for a new one, at the new rate")
    func turnsAfterACut() async throws {
        let clock = TestClock()
        let slept = Rates()
        let cutWhileWaiting = Mutex<RequestPacer?>(nil)
        let pacer = RequestPacer(
            perMinute: 600, time: TimeSource(now: clock.now),
            sleep: { duration in
                slept.append(duration.seconds)
                clock.advance(by: duration)
                // While this request waits, another one's throttled answer cuts the rate.
                if let pacer = cutWhileWaiting.withLock({ $0 }) {
                    cutWhileWaiting.withLock { $0 = nil }
                    pacer.throttled(sent: clock.now())
                }
            })
        try await pacer.acquire()
        cutWhileWaiting.withLock { $0 = pacer }
        try await pacer.acquire()
        // 100 ms for the turn given at 600 a minute, then a new turn at 420 a minute: 143 ms.
        #expect(slept.value.map { ($0 * 1000).rounded() } == [100, 143])
    }

    @Test("the rate never falls below a floor, however often the PBX throttles")
    func floor() async throws {
        let (pacer, _, _) = pacer(6000)
        for _ in 0..<100 { pacer.throttled(sent: try await pacer.acquire()) }
        #expect(rate(pacer) == (6000.0 / 64).rounded())
    }

    @Test(
        "a pause the PBX asks for holds every request until it ends, paced or not",
        arguments: [nil, 6000] as [Int?])
    func pause(perMinute: Int?) async throws {
        let (pacer, clock, slept) = pacer(perMinute)
        #expect(pacer.pause(for: .seconds(60)))
        clock.advance(by: .seconds(10))
        let went = try await pacer.acquire()
        #expect(slept.value == .seconds(50))
        #expect(went == clock.now())
        // After the pause, nothing is held.
        try await pacer.acquire()
        #expect(slept.value == .seconds(50))
        #expect(pacer.isPaced == (perMinute != nil))
    }

    @Test("pauses of one run add up to at most the run's bound; overlapping ones count once")
    func pauseBound() async throws {
        let (pacer, clock, _) = pacer(nil, maximumPause: .seconds(100))
        #expect(pacer.pause(for: .seconds(60)))
        clock.advance(by: .seconds(30))
        // Ends 30 s later than the first: 30 s more, 90 s in all.
        #expect(pacer.pause(for: .seconds(60)))
        #expect(pacer.current.paused == .seconds(90))
        clock.advance(by: .seconds(60))
        #expect(!pacer.pause(for: .seconds(11)))
        #expect(pacer.pause(for: .seconds(10)))
        #expect(pacer.current.paused == .seconds(100))
    }
}
