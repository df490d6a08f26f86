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

    /// Why a plan is refused, or nil when it is within the threshold. Each list is held to the
    /// threshold on its own: a small list is not rewritten under cover of a large one.
    public func refusal(of plan: Plan) -> SafetyRefusal? {
        plan.lists.lazy.compactMap { refusal(of: $0) }.first
    }

    /// Why one list's plan is refused, or nil.
    public func refusal(of plan: ListPlan) -> SafetyRefusal? {
        refusal(touched: plan.touchedCount, serverCount: plan.observedCount, in: plan.collection)
    }

    /// Why changes are refused, each list against the number of records the server holds in it
    /// (by list key), or nil.
    public func refusal(of changes: [Change], serverCounts: [String: Int]) -> SafetyRefusal? {
        for collection in ResourceCollection.all {
            let own = changes.filter { $0.collection.key == collection.key }
            guard !own.isEmpty else { continue }
            if let refusal = refusal(of: own, serverCount: serverCounts[collection.key] ?? 0, in: collection) {
                return refusal
            }
        }
        return nil
    }

    /// Why one list's changes are refused against a server holding `serverCount` of its
    /// records, or nil.
    public func refusal(
        of operations: [Change], serverCount: Int, in collection: ResourceCollection = .exclusiveNumbers
    ) -> SafetyRefusal? {
        refusal(
            touched: operations.reduce(0) { $0 + ($1.touchesExistingRecord ? 1 : 0) }, serverCount: serverCount,
            in: collection)
    }

    /// Why touching `touched` of a list's `serverCount` records is refused, or nil.
    public func refusal(touched: Int, serverCount: Int, in collection: ResourceCollection) -> SafetyRefusal? {
        guard serverCount >= minimumServerCount else { return nil }
        guard touched * 100 > maxChangePercent * serverCount else { return nil }
        return SafetyRefusal(touched: touched, serverCount: serverCount, threshold: self, collection: collection)
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
    /// The list it is about.
    public var collection: ResourceCollection = .exclusiveNumbers

    /// What the counted records are called: `numbers` for exclusive numbers, as always.
    private var records: String {
        collection.key == ResourceCollection.exclusiveNumbers.key ? "numbers" : "records of `\(collection.key)`"
    }

    /// Explains the refusal and how to override it.
    public var description: String {
        let percent = Double(touched) * 100 / Double(serverCount)
        let rounded = (percent * 10).rounded() / 10
        return
            "refusing to apply: the plan updates, disables or deletes \(touched.formattedWithSeparators) of the "
            + "\(serverCount.formattedWithSeparators) \(records) on the server (\(rounded) %), above the safety threshold "
            + "of \(threshold.maxChangePercent) %. Check the plan, then run again with --force, or raise "
            + "--max-change-percent."
    }
}
