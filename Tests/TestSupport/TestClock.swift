import Synchronization

/// A clock for tests that moves only when told, so that token lifetimes are tested without
/// sleeping: the simulator and the client read it instead of the system's clock.
public final class TestClock: Sendable {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    /// A clock standing at the time it is made.
    public init() {}

    /// The clock's time.
    public var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in start + offset.withLock { $0 } }
    }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        offset.withLock { $0 += duration }
    }
}
