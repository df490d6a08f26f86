/// The octoDNS-style guard against plans that would rewrite much of a PBX at once.
public struct SafetyThreshold: Sendable, Hashable {
    /// The most of the server's numbers a plan may update, disable or delete, in percent.
    public var maxChangePercent: Int
    /// Below this many numbers on the server the guard does not apply.
    public var minimumServerCount: Int

    /// The default: 30 % of servers holding 10 numbers or more.
    public static let standard = SafetyThreshold(maxChangePercent: 30, minimumServerCount: 10)

    /// Creates a threshold.
    public init(maxChangePercent: Int, minimumServerCount: Int = 10) {
        self.maxChangePercent = maxChangePercent
        self.minimumServerCount = minimumServerCount
    }

    /// Why a plan is refused, or nil when it is within the threshold.
    public func refusal(of plan: Plan) -> SafetyRefusal? {
        refusal(of: plan.changes, serverCount: plan.observedCount)
    }

    /// Why operations are refused against a server holding `serverCount` numbers, or nil.
    public func refusal(of operations: [Change], serverCount: Int) -> SafetyRefusal? {
        guard serverCount >= minimumServerCount else { return nil }
        let touched = operations.reduce(0) { $0 + ($1.touchesExistingRecord ? 1 : 0) }
        guard touched * 100 > maxChangePercent * serverCount else { return nil }
        return SafetyRefusal(touched: touched, serverCount: serverCount, threshold: self)
    }
}

/// A plan refused by the safety threshold.
public struct SafetyRefusal: Sendable, Hashable, CustomStringConvertible {
    /// Updates, disables and deletes in the plan.
    public var touched: Int
    /// Numbers on the server.
    public var serverCount: Int
    /// The threshold that refused it.
    public var threshold: SafetyThreshold

    /// Explains the refusal and how to override it.
    public var description: String {
        let percent = Double(touched) * 100 / Double(serverCount)
        let rounded = (percent * 10).rounded() / 10
        return
            "refusing to apply: the plan updates, disables or deletes \(touched.formattedWithSeparators) of the "
            + "\(serverCount.formattedWithSeparators) numbers on the server (\(rounded) %), above the safety threshold "
            + "of \(threshold.maxChangePercent) %. Check the plan, then run again with --force, or raise "
            + "--max-change-percent."
    }
}
