/// How transient failures are retried: exponential backoff with full jitter, bounded twice.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The backoff ceiling of the first retry; it doubles with every retry.
    public var baseDelay: Duration
    /// The largest backoff ceiling.
    public var maximumDelay: Duration
    /// The most time one request may spend waiting between attempts.
    public var maximumTotalWait: Duration
    /// The most time spent waiting for a server that cannot be connected to at all (refused,
    /// unreachable): a PBX that is down or a wrong address is reported in seconds.
    public var maximumConnectWait: Duration
    /// The most time the pauses a PBX asks for (`Retry-After` on a throttled answer) may add up
    /// to in one run: every request waits them out together, so they are bounded per run, not per
    /// request.
    public var maximumServerAskedWait: Duration

    /// Ten attempts, 250 ms doubling to 8 s, at most 60 s of waiting (2 s when nothing connects);
    /// pauses the PBX asks for up to 15 minutes a run.
    public static let standard = RetryPolicy(
        maximumAttempts: 10, baseDelay: .milliseconds(250), maximumDelay: .seconds(8), maximumTotalWait: .seconds(60),
        maximumConnectWait: .seconds(2), maximumServerAskedWait: .seconds(15 * 60))

    /// No retries at all.
    public static let none = RetryPolicy(
        maximumAttempts: 1, baseDelay: .zero, maximumDelay: .zero, maximumTotalWait: .zero)

    /// Creates a policy.
    public init(
        maximumAttempts: Int, baseDelay: Duration, maximumDelay: Duration, maximumTotalWait: Duration,
        maximumConnectWait: Duration = .seconds(2), maximumServerAskedWait: Duration = .seconds(15 * 60)
    ) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumTotalWait = maximumTotalWait
        self.maximumConnectWait = maximumConnectWait
        self.maximumServerAskedWait = maximumServerAskedWait
    }

    /// The wait before retry number `retry` (1 for the first retry): a random duration up to the
    /// exponential ceiling ("full jitter"), but never less than what the server asked for.
    public func delay(
        beforeRetry retry: Int, serverAsked retryAfter: Duration?, using generator: inout some RandomNumberGenerator
    ) -> Duration {
        let exponent = min(retry - 1, 30)
        let ceiling = min(maximumDelay, baseDelay * (1 << exponent))
        let ceilingNanoseconds = max(0, ceiling.nanoseconds)
        let jittered = Duration.nanoseconds(Int64.random(in: 0...ceilingNanoseconds, using: &generator))
        guard let retryAfter else { return jittered }
        return max(retryAfter, jittered)
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product + attoseconds / 1_000_000_000
    }

    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
