/// Holds requests to the list routes (`Simulator.hold`), or writes before they commit
/// (`Simulator.commits`), until a test lets them go: the event a test waits for instead of a
/// duration ("a request has arrived and is waiting"), and the way to keep a PBX hung, or slow to
/// commit, for as long as a test needs, and not a second longer.
///
/// Open (holding nothing) until `close()`; `open()` lets every held request go on, and stopping
/// the simulator opens it.
public actor RequestHold {
    private var closed = false
    private var held: [CheckedContinuation<Void, Never>] = []
    private var arrivals = 0
    private var arrivalWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    /// An open hold.
    public init() {}

    /// Holds every request that arrives from now on.
    public func close() {
        closed = true
    }

    /// Lets every held request go on, and holds no more.
    public func open() {
        closed = false
        for continuation in held { continuation.resume() }
        held = []
    }

    /// Requests held so far (released ones included).
    public var arrived: Int { arrivals }

    /// Returns once `count` requests in all have been held.
    public func waitForArrivals(_ count: Int) async {
        guard arrivals < count else { return }
        await withCheckedContinuation { arrivalWaiters.append((count, $0)) }
    }

    /// A request's turn: returns at once when open, else when opened.
    func pass() async {
        guard closed else { return }
        arrivals += 1
        let ready = arrivalWaiters.filter { $0.count <= arrivals }
        arrivalWaiters.removeAll { $0.count <= arrivals }
        for waiter in ready { waiter.continuation.resume() }
        await withCheckedContinuation { held.append($0) }
    }
}
