/// Answers chosen requests with an error, by route and occurrence: the fault a test needs at
/// the exact step it attacks ("the second set of agents fails"), where fault rates only make a
/// fault likely. Routes are named as the statistics name them
/// (`POST /api/exclusive_numbers/{id}/call_queues/Q/agents`).
public actor ScriptedFailures {
    private struct Failure {
        var route: String
        var occurrences: ClosedRange<Int>
        var status: Int
        var message: String
        var retryAfter: Int?
    }

    private var failures: [Failure] = []
    private var seen: [String: Int] = [:]

    /// No failures.
    public init() {}

    /// Answers the `occurrences` (1 for the first request) of `route` with `status`, PortSIP's
    /// error body and, if given, a `Retry-After` of that many seconds, without doing anything.
    public func fail(
        _ route: String, occurrences: ClosedRange<Int> = 1...1, status: Int = 500, message: String = "scripted failure",
        retryAfter: Int? = nil
    ) {
        failures.append(
            Failure(route: route, occurrences: occurrences, status: status, message: message, retryAfter: retryAfter))
    }

    /// Counts a request to `route`; how to answer it, if scripted.
    func failure(for route: String) -> (status: Int, message: String, retryAfter: Int?)? {
        let occurrence = seen[route, default: 0] + 1
        seen[route] = occurrence
        guard let failure = failures.first(where: { $0.route == route && $0.occurrences.contains(occurrence) })
        else { return nil }
        return (failure.status, failure.message, failure.retryAfter)
    }
}
