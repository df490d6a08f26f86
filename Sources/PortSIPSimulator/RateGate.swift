/// The PBX gateway's request limit (`--rate-limit PER_MINUTE`): a token bucket holding one
/// second's worth of requests, refilled continuously. A request that finds it empty is answered
/// 429 without `Retry-After`, as PortSIP's documentation leaves the answer open and that is the
/// least a client can be told.
actor RateGate {
    private let perSecond: Double
    private let capacity: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant
    private let now: @Sendable () -> ContinuousClock.Instant

    /// A gate letting `perMinute` requests through each minute.
    init(perMinute: Int, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        perSecond = Double(perMinute) / 60
        capacity = max(1, perSecond)
        tokens = capacity
        self.now = now
        last = now()
    }

    /// Whether a request may pass now; takes a token if so.
    func admit() -> Bool {
        let instant = now()
        let elapsed = last.duration(to: instant)
        last = instant
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(capacity, tokens + seconds * perSecond)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
