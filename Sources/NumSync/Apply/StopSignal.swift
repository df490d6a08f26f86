import Synchronization

/// A flag that Ctrl-C raises: the executor then starts no new change and lets in-flight
/// ones finish.
public final class StopSignal: Sendable {
    private let raised = Mutex(false)

    /// A lowered flag.
    public init() {}

    /// Asks running work to stop taking new work.
    public func raise() {
        raised.withLock { $0 = true }
    }

    /// Whether stopping was asked for.
    public var isRaised: Bool {
        raised.withLock { $0 }
    }
}
