/// Counts what the simulator was asked and what it injected, for tests and benchmarks.
public actor RequestStatistics {
    /// A snapshot of the counters.
    public struct Snapshot: Codable, Sendable, Equatable {
        /// Requests by `METHOD route`, e.g. `GET /api/exclusive_numbers`.
        public var requests: [String: Int] = [:]
        /// Faults injected by kind: `fail`, `throttle`, `drop`, `rate_limit` (`--rate-limit`).
        public var faults: [String: Int] = [:]
        /// Writes committed by kind: `create`, `update`, `destroy`.
        public var commits: [String: Int] = [:]
        /// Tokens issued, by how: `sign_in`, `oauth_password`, `oauth_refresh`, `refresh_token`.
        public var tokens: [String: Int] = [:]

        /// All requests.
        public var totalRequests: Int { requests.values.reduce(0, +) }
        /// Requests for one route.
        public func requests(_ route: String) -> Int { requests[route] ?? 0 }
        /// All write requests to the exclusive-numbers routes.
        public var writeRequests: Int {
            requests.filter { $0.key.hasPrefix("POST /api/exclusive_numbers") }.values.reduce(0, +)
        }
    }

    private var snapshot = Snapshot()

    func record(route: String) { snapshot.requests[route, default: 0] += 1 }
    func record(fault: String) { snapshot.faults[fault, default: 0] += 1 }
    func record(commit: String) { snapshot.commits[commit, default: 0] += 1 }
    func record(token: String) { snapshot.tokens[token, default: 0] += 1 }

    /// The counters now.
    public func current() -> Snapshot { snapshot }

    /// Sets every counter to zero.
    public func reset() { snapshot = Snapshot() }
}
