/// What must change on the server for it to match the desired state, list by list: a value,
/// computed by a pure function of the desired state and the observed records.
public struct Plan: Sendable, Hashable {
    /// One plan per managed list, in `PortSIPList.all` order.
    public var lists: [ListPlan]

    /// Plans every list the files manage, each with its own `unmanaged` policy. `observed` holds
    /// each list's records by the list's key; a list missing from it is planned as empty.
    public init(desired: DesiredState, observed: [String: [ObservedRecord]]) {
        lists = desired.lists.map { list in
            ListPlan(desired: list, observed: observed[list.list.key] ?? [], policy: PlanPolicy(for: list))
        }
    }

    /// A plan made of list plans.
    public init(lists: [ListPlan]) {
        self.lists = lists.sorted { $0.list.order < $1.list.order }
    }

    /// Every change, list by list, each list's in its order.
    public var changes: [Change] {
        lists.count == 1 ? lists[0].changes : lists.flatMap(\.changes)
    }

    /// Whether applying the plan would change nothing.
    public var isEmpty: Bool { lists.allSatisfy(\.isEmpty) }

    /// Errors found planning relations: nothing may be sent while there are any.
    public var relationProblems: [Diagnostic] { lists.flatMap(\.relationProblems) }
    /// Warnings found planning relations.
    public var relationWarnings: [Diagnostic] { lists.flatMap(\.relationWarnings) }

    /// How many changes of one kind the plan holds.
    public func count(of action: Change.Action) -> Int {
        lists.reduce(0) { $0 + $1.count(of: action) }
    }

    /// The plan of `list`, if the plan covers it.
    public subscript(list: PortSIPList) -> ListPlan? {
        lists.first { $0.list.key == list.key }
    }

    /// Whether the plan is about the primary list alone: then it reads as it always has, with no
    /// list headings.
    public var isPrimaryListOnly: Bool {
        lists.count == 1 && lists[0].list.isPrimary
    }

    /// Counts over every list.
    public var summary: PlanSummary {
        let summaries = lists.map(\.summary)
        var total = summaries.reduce(PlanSummary()) { total, list in
            PlanSummary(
                create: total.create + list.create, update: total.update + list.update,
                disable: total.disable + list.disable, delete: total.delete + list.delete,
                unchanged: total.unchanged + list.unchanged, unmanaged: total.unmanaged + list.unmanaged,
                duplicates: total.duplicates + list.duplicates,
                relationChanges: total.relationChanges.map { $0 + (list.relationChanges ?? 0) } ?? list.relationChanges)
        }
        let items = Set(summaries.filter { $0.relationChanges != nil }.map(\.relationItem))
        if items.count > 1 {
            total.relationItem = "relation"
        } else if let item = items.first {
            total.relationItem = item
        }
        return total
    }
}
