/// Consecutive changes that failed the same way on the server's side (the same 5xx or 429 and
/// code, or the same transport failure), each after its own retries: a PBX failing every write
/// is given up on after `limit` of them, instead of being tried for every change of the plan.
/// A success, or an answer that is not a server failure, ends the streak. (The executor does not
/// count a create that got no answer: it cost one attempt, and the lookup after decides it.)
struct FailureStreak: Sendable {
    /// Failures in a row that stop the run.
    let limit: Int
    private var signature: String?
    private var example: PortSIPError?
    private var count = 0

    /// A streak of nothing yet, stopping after `limit` (10 by default).
    init(limit: Int = 10) {
        self.limit = limit
    }

    /// Whether the streak has reached its limit.
    var isBroken: Bool { count >= limit }

    /// Why the run stopped starting changes, once it has.
    var reason: String? {
        guard isBroken, let example else { return nil }
        return "\(limit) changes in a row failed the same way (\(example)); numsync stopped starting new ones"
    }

    /// Notes how a change ended: nil for a success.
    mutating func record(_ failure: PortSIPError?) {
        guard let failure, let signature = Self.signature(of: failure) else {
            count = 0
            self.signature = nil
            return
        }
        if signature == self.signature {
            count += 1
        } else {
            self.signature = signature
            example = failure
            count = 1
        }
    }

    /// What makes two server failures the same: the status and code of an answer, or the reason
    /// of a transport failure; nil for failures that are not the server's (a 4xx other than 429,
    /// an interruption).
    static func signature(of failure: PortSIPError) -> String? {
        switch failure.kind {
        case .http(let status, let code, _) where status >= 500 || status == 429: return "\(status) \(code)"
        case .transport(let reason, _, _): return reason
        case .unreachable(let reason): return reason
        default: return nil
        }
    }
}
