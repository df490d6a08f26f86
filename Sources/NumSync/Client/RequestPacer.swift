import Synchronization

/// Paces every request to one PBX to a rate: a token bucket holding one second's worth, shared by
/// all concurrent work. A throttled answer (429, 503) cuts the rate to 70 %; every
/// `recoveryInterval` without one, it creeps back up by a twentieth of the configured rate (AIMD).
/// A PBX configured below the rate numsync was given thus settles near its own limit, with few
/// throttled answers.
///
/// Throttled answers to requests that went out before the last cut are one episode: a burst
/// answered 429 twenty times cuts the rate once, not twenty times (as TCP does once per window).
public final class RequestPacer: Sendable {
    /// What the pacer did, for reports and progress.
    public struct Counters: Sendable, Hashable {
        /// Requests paced.
        public var requests = 0
        /// Throttled answers seen.
        public var throttled = 0
        /// The rate now, requests a minute.
        public var currentPerMinute: Double
        /// The lowest rate it went down to, requests a minute.
        public var lowestPerMinute: Double
    }

    /// The pure arithmetic of the bucket and the rate, on instants it is given.
    struct Budget: Sendable {
        /// The configured rate, per second.
        let ceiling: Double
        /// The rate never goes below this, per second.
        let floor: Double
        /// The rate now, per second.
        var rate: Double
        /// Tokens in the bucket; negative when requests are queued for later tokens.
        var tokens: Double
        var last: ContinuousClock.Instant
        var lastChange: ContinuousClock.Instant
        /// When the rate was last cut; throttled answers to requests sent before it are ignored.
        var lastCut: ContinuousClock.Instant?
        let recoveryInterval: Duration

        /// What a cut leaves of the rate.
        static let cut = 0.7

        init(perMinute: Int, at now: ContinuousClock.Instant, recoveryInterval: Duration) {
            ceiling = Double(perMinute) / 60
            floor = max(1.0 / 60, ceiling / 64)
            rate = ceiling
            tokens = max(1, ceiling)
            last = now
            lastChange = now
            self.recoveryInterval = recoveryInterval
        }

        /// Takes a token; returns how long to wait before using it (the request goes at `now`
        /// plus the wait).
        mutating func take(at now: ContinuousClock.Instant) -> Duration {
            recover(at: now)
            tokens = min(max(1, rate), tokens + last.duration(to: now).seconds * rate)
            last = now
            tokens -= 1
            return tokens >= 0 ? .zero : .milliseconds(Int((-tokens / rate * 1000).rounded(.up)))
        }

        /// A throttled answer to a request sent at `sent`: cut the rate and drop what is saved
        /// up, unless the request went out before the last cut. Returns whether the rate changed.
        mutating func throttled(sent: ContinuousClock.Instant, at now: ContinuousClock.Instant) -> Bool {
            if let lastCut, sent < lastCut { return false }
            let before = rate
            rate = max(floor, rate * Self.cut)
            tokens = min(tokens, 0)
            lastChange = now
            lastCut = now
            return rate != before
        }

        /// Creeps back up after each quiet `recoveryInterval`.
        mutating func recover(at now: ContinuousClock.Instant) {
            while rate < ceiling, lastChange.duration(to: now) >= recoveryInterval {
                rate = min(ceiling, rate + ceiling / 20)
                lastChange = lastChange + recoveryInterval
            }
        }
    }

    private struct State {
        var budget: Budget
        var counters: Counters
    }

    private let state: Mutex<State>
    private let time: TimeSource
    private let sleep: @Sendable (Duration) async throws -> Void
    private let onRateChange: @Sendable (Double) -> Void

    /// A pacer at `perMinute` requests a minute. `sleep` waits (a test's can move its clock);
    /// `onRateChange` is told each new rate, in requests a minute.
    public init(
        perMinute: Int, time: TimeSource = .system, recoveryInterval: Duration = .seconds(1),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        onRateChange: @escaping @Sendable (Double) -> Void = { _ in }
    ) {
        let budget = Budget(perMinute: perMinute, at: time.now(), recoveryInterval: recoveryInterval)
        state = Mutex(
            State(
                budget: budget,
                counters: Counters(currentPerMinute: Double(perMinute), lowestPerMinute: Double(perMinute))))
        self.time = time
        self.sleep = sleep
        self.onRateChange = onRateChange
    }

    /// Waits for this request's turn; returns the instant it went (to pass to `throttled(sent:)`).
    /// Throws only when the wait is cancelled.
    @discardableResult
    public func acquire() async throws -> ContinuousClock.Instant {
        let now = time.now()
        let (wait, changedTo) = state.withLock { state in
            let before = state.budget.rate
            let wait = state.budget.take(at: now)
            state.counters.requests += 1
            return (wait, state.budget.rate != before ? Self.record(&state) : nil)
        }
        if let changedTo { onRateChange(changedTo) }
        if wait > .zero { try await sleep(wait) }
        return now + wait
    }

    /// A throttled answer to the request `acquire()` let go at `sent`.
    public func throttled(sent: ContinuousClock.Instant) {
        let now = time.now()
        let changedTo = state.withLock { state in
            state.counters.throttled += 1
            return state.budget.throttled(sent: sent, at: now) ? Self.record(&state) : nil
        }
        if let changedTo { onRateChange(changedTo) }
    }

    /// The counters now.
    public var current: Counters { state.withLock { $0.counters } }

    /// Notes the budget's new rate in the counters; returns it, in requests a minute.
    private static func record(_ state: inout State) -> Double {
        state.counters.currentPerMinute = state.budget.rate * 60
        state.counters.lowestPerMinute = min(state.counters.lowestPerMinute, state.counters.currentPerMinute)
        return state.counters.currentPerMinute
    }
}
