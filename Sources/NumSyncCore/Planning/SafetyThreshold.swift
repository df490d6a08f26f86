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

    /// Why one list's plan is refused, or nil. It counts what the plan shows: its updates,
    /// disables and deletes, and the numbers whose agents change, each record once.
    public func refusal(of plan: ListPlan) -> SafetyRefusal? {
        if plan.list.isReadOnly { return memberRefusal(of: plan) }
        let touched = plan.touchedCount
        guard plan.observedCount >= minimumServerCount, touched * 100 > maxChangePercent * plan.observedCount else {
            return nil
        }
        let changed = Set(plan.recordChanges.filter(\.touchesExistingRecord).map { $0.id ?? $0.number })
        let agentNumbers = Set(plan.relationChanges.compactMap(\.id))
        return SafetyRefusal(
            touched: touched, serverCount: plan.observedCount, threshold: self, list: plan.list,
            updates: plan.count(of: .update), disables: plan.count(of: .disable), deletes: plan.count(of: .delete),
            agentNumbers: agentNumbers.count, agentNumbersAlsoChanged: agentNumbers.intersection(changed).count)
    }
}

extension SafetyThreshold {
    /// Why a plan of call queues' or ring groups' members is refused: a change that removes
    /// most (more than half) of a group's members, whatever `maxChangePercent` says, since a
    /// queue left with few members drops calls. The first such group, in plan order.
    func memberRefusal(of plan: ListPlan) -> SafetyRefusal? {
        for change in plan.relationChanges {
            // A second part counts against the members held once its first part added some.
            guard let relation = change.relationChange else { continue }
            let held = relation.before.count
            let removed = relation.removed.count
            guard removed > 0, removed * 2 > held else { continue }
            var refusal = SafetyRefusal(
                touched: removed, serverCount: held, threshold: self, list: plan.list)
            refusal.group = change.number
            return refusal
        }
        return nil
    }
}

/// A plan refused by the safety threshold, with what it counted.
public struct SafetyRefusal: Sendable, Hashable, CustomStringConvertible {
    /// Records the plan touches (updated, disabled, deleted or with agents changed), each once.
    public var touched: Int
    /// Records of the list on the server.
    public var serverCount: Int
    /// The threshold that refused it.
    public var threshold: SafetyThreshold
    /// The list it is about.
    public var list: PortSIPList
    /// Updates in the plan.
    public var updates: Int
    /// Disables in the plan.
    public var disables: Int
    /// Deletes in the plan.
    public var deletes: Int
    /// Numbers whose exclusive agents change.
    public var agentNumbers: Int
    /// Of those, numbers that the plan also updates, disables or deletes (counted once).
    public var agentNumbersAlsoChanged: Int
    /// For a refusal of members: the group (call queue or ring group) that would lose most of
    /// them; `touched` counts the members removed and `serverCount` those it has.
    public var group: String?

    /// A refusal with its counts.
    public init(
        touched: Int, serverCount: Int, threshold: SafetyThreshold, list: PortSIPList,
        updates: Int = 0, disables: Int = 0, deletes: Int = 0, agentNumbers: Int = 0, agentNumbersAlsoChanged: Int = 0
    ) {
        self.touched = touched
        self.serverCount = serverCount
        self.threshold = threshold
        self.list = list
        self.updates = updates
        self.disables = disables
        self.deletes = deletes
        self.agentNumbers = agentNumbers
        self.agentNumbersAlsoChanged = agentNumbersAlsoChanged
    }

    /// The share of the list touched, in percent, to one decimal.
    public var percent: Double {
        (Double(touched) * 1000 / Double(serverCount)).rounded() / 10
    }

    /// The percent as shown: whole unless rounding would hide that it is above the threshold.
    public var percentText: String {
        let whole = percent.rounded()
        if whole == percent || Int(whole) > threshold.maxChangePercent { return "\(Int(whole)) %" }
        return "\(percent) %"
    }

    /// What the plan does that counts, as the plan shows it: "2 updates and agent changes on 2
    /// numbers".
    public var counted: String {
        func counting(_ count: Int, _ noun: String) -> String? {
            count == 0 ? nil : "\(count.formattedWithSeparators) \(noun)\(count == 1 ? "" : "s")"
        }
        var parts = [counting(updates, "update"), counting(disables, "disable"), counting(deletes, "delete")]
            .compactMap { $0 }
        if agentNumbers > 0 {
            parts.append(
                "agent changes on \(agentNumbers.formattedWithSeparators) \(agentNumbers == 1 ? "number" : "numbers")")
        }
        guard let last = parts.popLast() else { return "nothing" }
        return parts.isEmpty ? last : parts.joined(separator: ", ") + " and " + last
    }

    /// What the counted records are: "exclusive numbers", or "records of `vip_numbers`".
    public var records: String {
        list.isPrimary ? list.recordName + "s" : "records of `\(list.key)`"
    }

    /// "2 updates and agent changes on 2 numbers touch 4 of the 12 exclusive numbers (33 %),
    /// above the safety threshold of 30 %".
    public var reason: String {
        if let group {
            return
                "removing \(touched.formattedWithSeparators) of the \(serverCount.formattedWithSeparators) members of "
                + "\(list.recordName) \(group.quotedForDisplay) (\(percentText)) leaves it with fewer than half "
                + "of them"
        }
        return "\(counted) \(isSingular ? "touches" : "touch") \(touched.formattedWithSeparators) of the "
            + "\(serverCount.formattedWithSeparators) \(records) on the server (\(percentText)), above the safety "
            + "threshold of \(threshold.maxChangePercent) %"
    }

    // "1 update touches", "agent changes on 1 number touch".
    private var isSingular: Bool {
        agentNumbers == 0 && updates + disables + deletes == 1
    }

    /// What `plan` says on standard error over the threshold (it exits 4).
    public var planNotice: String {
        "apply will refuse this plan: \(reason). Check it, then apply with --force after review, or raise "
            + "--max-change-percent."
    }

    /// Explains the refusal and how to override it.
    public var description: String {
        "refusing to apply: \(reason). Check the plan, then run again with --force, or raise --max-change-percent "
            + "(nothing was written)."
    }
}
