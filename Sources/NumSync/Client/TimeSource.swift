/// Where the client reads the time to renew its token before it expires: the system's clock,
/// or a test's that moves only when told.
public struct TimeSource: Sendable {
    /// The time now.
    public var now: @Sendable () -> ContinuousClock.Instant

    /// A source that reads `now`.
    public init(now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.now = now
    }

    /// The system's clock.
    public static let system = TimeSource { .now }
}
