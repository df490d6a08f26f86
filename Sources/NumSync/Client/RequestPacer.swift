import Synchronization

/// Paces every request to one PBX: a token bucket holding one second's worth (empty at the
/// start), shared by all concurrent work, and pauses the PBX asks for. A throttled answer (429, 503) cuts the rate to
/// 70 % (25 % when the cut before was under a second ago, far above the limit) and remembers
/// the limit found: the rate the PBX refused, or what it let through lately when it has been
/// limiting numsync for a while. Every quiet `recoveryInterval` the rate climbs back halfway to
/// that limit, stays there a few intervals, then probes above it by steps that grow slowly (a
/// little like TCP CUBIC). A PBX configured below the rate numsync was given thus settles near
/// its own limit, and finding the limit again costs a throttled answer every dozen seconds or
/// so, not every few.
///
/// Throttled answers to requests that went out before the last cut are one episode: a burst
/// answered 429 twenty times cuts the rate once, not twenty times (as TCP does once per window).
///
/// A `Retry-After` pauses every request to the PBX until the time it names (`pause(for:)`),
/// paced or not; the pauses of a whole run are bounded by `maximumPause`.
public final class RequestPacer: Sendable {
    /// What the pacer did, for reports and progress.
    public struct Counters: Sendable, Hashable {
        /// Requests paced.
        public var requests = 0
        /// Throttled answers seen.
        public var throttled = 0
        /// The rate now, requests a minute; nil when requests are not paced.
        public var currentPerMinute: Double?
        /// The lowest rate it went down to, requests a minute; nil when not paced.
        public var lowestPerMinute: Double?
        /// Time every request was held for because the PBX asked (`Retry-After`), in all.
        public var paused = Duration.zero
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
        /// The first throttled answer since the rate was last at the ceiling: how long the PBX has
        /// been limiting numsync.
        var limitedSince: ContinuousClock.Instant?
        /// The PBX's limit as last found, per second: the rate it throttled, or what it let
        /// through lately when that is less.
        var rateAtCut: Double?
        /// Quiet intervals spent at `rateAtCut` since it was reached.
        var intervalsAtLimit = 0
        /// Cuts so far: a request that waited for a turn given out before the latest cut takes a
        /// new one, at the new rate.
        var cuts = 0
        /// Answers the PBX let through, per second of the last `window`.
        var admitted: AdmittedAnswers
        let recoveryInterval: Duration

        /// What a cut leaves of the rate.
        static let cut = 0.7
        /// What a cut leaves when the one before was less than a recovery interval ago: far above
        /// the PBX's limit, the way down takes big steps (5,000 to 300 a minute in four cuts).
        static let deepCut = 0.25
        /// Intervals spent at the limit found before probing above it.
        static let plateau = 10
        /// The first probing step above the limit found, as a fraction of it; the n-th step is n
        /// times this.
        static let probe = 0.005
        /// How long the PBX must have been limiting numsync before what it let through is taken
        /// as its limit.
        static let estimateAfter = Duration.seconds(2)

        init(perMinute: Int, at now: ContinuousClock.Instant, recoveryInterval: Duration) {
            ceiling = Double(perMinute) / 60
            floor = max(1.0 / 60, ceiling / 64)
            rate = ceiling
            // Requests come at the rate from the first: a burst of a second's worth at the start
            // would overrun a PBX limited far below the rate before its first answer could say so.
            tokens = 1
            last = now
            lastChange = now
            admitted = AdmittedAnswers(origin: now)
            self.recoveryInterval = recoveryInterval
        }

        /// Takes a token; returns how long to wait before using it (the request goes at `now`
        /// plus the wait).
        mutating func take(at now: ContinuousClock.Instant) -> Duration {
            recover(at: now)
            tokens = min(max(1, rate), tokens + max(0, last.duration(to: now).seconds) * rate)
            last = max(last, now)
            tokens -= 1
            return tokens >= 0 ? .zero : .milliseconds(Int((-tokens / rate * 1000).rounded(.up)))
        }

        /// A throttled answer to a request sent at `sent`: cut the rate and drop what is saved
        /// up, unless the request went out before the last cut. Returns whether the rate changed.
        ///
        /// The limit found is the rate the PBX refused or, once it has been limiting numsync for
        /// a while, what it let through lately if that is less: a PBX's bucket lets a rate above
        /// its limit through for a few seconds, so the rate refused overstates the limit.
        mutating func throttled(sent: ContinuousClock.Instant, at now: ContinuousClock.Instant) -> Bool {
            if let lastCut, sent < lastCut { return false }
            let before = rate
            let since = limitedSince ?? now
            limitedSince = since
            var limit = rate
            if since.duration(to: now) >= Self.estimateAfter {
                let lately = admitted.perSecond(before: now, over: min(.seconds(10), since.duration(to: now)))
                limit = min(rate, max(floor, lately))
            }
            let factor = lastCut.map { $0.duration(to: now) < recoveryInterval } == true ? Self.deepCut : Self.cut
            rateAtCut = limit
            intervalsAtLimit = 0
            rate = max(floor, limit * factor)
            // Turns already given out are void: those requests take new ones at the new rate, from
            // an empty bucket.
            tokens = 0
            last = max(last, now)
            cuts += 1
            lastChange = now
            lastCut = now
            return rate != before
        }

        /// After each quiet `recoveryInterval`: halfway back to the limit found (at least 2 % of
        /// it), then `plateau` intervals at it, then above it by steps of 0.5 %, 1 %, 1.5 % ... of
        /// it, up to the ceiling.
        mutating func recover(at now: ContinuousClock.Instant) {
            while rate < ceiling, lastChange.duration(to: now) >= recoveryInterval {
                let target = rateAtCut ?? ceiling
                if rate < target {
                    rate = min(target, rate + max(target * 0.02, (target - rate) / 2))
                } else {
                    intervalsAtLimit += 1
                    let probes = intervalsAtLimit - Self.plateau
                    if probes > 0 { rate += target * Self.probe * Double(probes) }
                }
                rate = min(ceiling, rate)
                if rate >= ceiling { limitedSince = nil }
                lastChange = lastChange + recoveryInterval
            }
        }
    }

    /// Answers the PBX let through, counted per second: what it takes when it limits numsync.
    struct AdmittedAnswers: Sendable {
        let origin: ContinuousClock.Instant
        /// Counts of the last `slots.count` seconds, by second since `origin` modulo the count.
        private var slots = [Int](repeating: 0, count: 12)
        private var seconds = [Int](repeating: -1, count: 12)

        init(origin: ContinuousClock.Instant) {
            self.origin = origin
        }

        private func second(of instant: ContinuousClock.Instant) -> Int {
            Int(max(0, origin.duration(to: instant).seconds).rounded(.down))
        }

        /// One more answer let through at `instant`.
        mutating func record(at instant: ContinuousClock.Instant) {
            let second = second(of: instant)
            let slot = second % slots.count
            if seconds[slot] != second {
                seconds[slot] = second
                slots[slot] = 0
            }
            slots[slot] += 1
        }

        /// Answers a second over the whole seconds of `window` before `now`'s second.
        func perSecond(before now: ContinuousClock.Instant, over window: Duration) -> Double {
            let last = second(of: now) - 1
            let count = max(1, min(slots.count - 1, Int(window.seconds.rounded(.down))))
            var total = 0
            for second in (last - count + 1)...last where second >= 0 {
                let slot = second % slots.count
                if seconds[slot] == second { total += slots[slot] }
            }
            return Double(total) / Double(count)
        }
    }

    private struct State {
        /// Nil when requests are not paced (only paused).
        var budget: Budget?
        var counters: Counters
        /// Every request waits until then, when the PBX asked for a pause.
        var pausedUntil: ContinuousClock.Instant?
    }

    private let state: Mutex<State>
    private let time: TimeSource
    private let sleep: @Sendable (Duration) async throws -> Void
    private let onRateChange: @Sendable (Double) -> Void
    /// The most time the pauses of one run may add up to.
    public let maximumPause: Duration

    /// A pacer at `perMinute` requests a minute, or one that only pauses when `perMinute` is nil.
    /// `sleep` waits (a test's can move its clock); `onRateChange` is told each new rate, in
    /// requests a minute.
    public init(
        perMinute: Int?, time: TimeSource = .system, recoveryInterval: Duration = .seconds(1),
        maximumPause: Duration = .seconds(15 * 60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        onRateChange: @escaping @Sendable (Double) -> Void = { _ in }
    ) {
        let budget = perMinute.map { Budget(perMinute: $0, at: time.now(), recoveryInterval: recoveryInterval) }
        state = Mutex(
            State(
                budget: budget,
                counters: Counters(
                    currentPerMinute: perMinute.map(Double.init), lowestPerMinute: perMinute.map(Double.init))))
        self.time = time
        self.sleep = sleep
        self.onRateChange = onRateChange
        self.maximumPause = maximumPause
    }

    /// Whether requests are paced to a rate.
    package var isPaced: Bool { state.withLock { $0.budget != nil } }

    /// Waits for this request's turn: the end of any pause the PBX asked for, then a token.
    /// A turn given out before the rate was cut is void when it comes: the request then waits
    /// for a new one, so that requests queued at the old rate do not go out at it (and count as
    /// a new episode). Returns the instant it went (to pass to `throttled(sent:)`). Throws only
    /// when the wait is cancelled.
    @discardableResult
    public func acquire() async throws -> ContinuousClock.Instant {
        var counted = false
        while true {
            let now = time.now()
            let (wait, cuts, changedTo) = state.withLock { state in
                let start = max(now, state.pausedUntil ?? now)
                var wait = now.duration(to: start)
                var changedTo: Double?
                if var budget = state.budget {
                    let before = budget.rate
                    wait += budget.take(at: start)
                    state.budget = budget
                    if budget.rate != before { changedTo = Self.record(&state) }
                }
                if !counted { state.counters.requests += 1 }
                return (wait, state.budget?.cuts ?? 0, changedTo)
            }
            counted = true
            if let changedTo { onRateChange(changedTo) }
            guard wait > .zero else { return now }
            try await sleep(wait)
            if state.withLock({ ($0.budget?.cuts ?? 0) == cuts }) { return now + wait }
        }
    }

    /// An answer the PBX let through (anything but a throttled one).
    public func admitted() {
        let now = time.now()
        state.withLock { state in state.budget?.admitted.record(at: now) }
    }

    /// A throttled answer to the request `acquire()` let go at `sent`.
    public func throttled(sent: ContinuousClock.Instant) {
        let now = time.now()
        let changedTo = state.withLock { state -> Double? in
            state.counters.throttled += 1
            guard var budget = state.budget else { return nil }
            let changed = budget.throttled(sent: sent, at: now)
            state.budget = budget
            return changed ? Self.record(&state) : nil
        }
        if let changedTo { onRateChange(changedTo) }
    }

    /// The PBX asked for a pause (`Retry-After`): every request waits until `duration` from now.
    /// Returns false, pausing nothing, when that would take the pauses of this run past
    /// `maximumPause`: then the PBX is not waited for any longer.
    public func pause(for duration: Duration) -> Bool {
        let now = time.now()
        return state.withLock { state in
            let until = now + duration
            let from = max(now, state.pausedUntil ?? now)
            guard from < until else { return true }
            let added = from.duration(to: until)
            guard state.counters.paused + added <= maximumPause else { return false }
            state.counters.paused += added
            state.pausedUntil = until
            return true
        }
    }

    /// The counters now.
    public var current: Counters { state.withLock { $0.counters } }

    /// Notes the budget's new rate in the counters; returns it, in requests a minute.
    private static func record(_ state: inout State) -> Double {
        let rate = (state.budget?.rate ?? 0) * 60
        state.counters.currentPerMinute = rate
        state.counters.lowestPerMinute = min(state.counters.lowestPerMinute ?? rate, rate)
        return rate
    }
}
