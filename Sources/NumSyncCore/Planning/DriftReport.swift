/// How the server differs from the files, list by list, for the CI check.
public struct DriftReport: Sendable, Hashable {
    /// One report per managed list, in `PortSIPList.all` order.
    public var lists: [ListDrift]

    /// Compares every list the files manage with the server's records (by list key), whatever
    /// the files' `unmanaged` policies say.
    public init(desired: DesiredState, observed: [String: [ObservedRecord]], ignoreUnmanaged: Bool) {
        lists = desired.lists.map { list in
            ListDrift(desired: list, observed: observed[list.list.key] ?? [], ignoreUnmanaged: ignoreUnmanaged)
        }
    }

    /// Reads the drift off a plan made with `unmanaged: ignore` for every list, relations
    /// included: the same path as `plan`.
    public init(desired: DesiredState, plan: Plan, ignoreUnmanaged: Bool) {
        lists = desired.lists.compactMap { list in
            plan[list.list].map { ListDrift(desired: list, plan: $0, ignoreUnmanaged: ignoreUnmanaged) }
        }
        // Call queues and ring groups whose members the files give: their members only.
        lists += desired.namedGroupLists.compactMap { groups in
            plan[groups].map {
                ListDrift(desired: DesiredList(numbers: [], in: groups), plan: $0, ignoreUnmanaged: ignoreUnmanaged)
            }
        }
    }

    /// Errors found comparing relations.
    public var relationProblems: [Diagnostic] { lists.flatMap(\.relationProblems) }
    /// Warnings found comparing relations.
    public var relationWarnings: [Diagnostic] { lists.flatMap(\.relationWarnings) }

    /// A report made of list reports.
    public init(lists: [ListDrift]) {
        self.lists = lists
    }

    /// Whether any list differs (the verdict that makes `drift` exit 2).
    public var hasDrift: Bool { lists.contains(where: \.hasDrift) }

    /// Whether the report is about the primary list alone: then it reads as it always has.
    public var isPrimaryListOnly: Bool {
        lists.count == 1 && lists[0].list.isPrimary
    }
}
