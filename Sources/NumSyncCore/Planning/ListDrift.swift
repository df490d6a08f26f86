/// How one list on the server differs from the files, for the CI check: changed, missing and
/// unmanaged records.
public struct ListDrift: Sendable, Hashable {
    /// A managed number whose fields differ on the server.
    public struct Difference: Sendable, Hashable {
        /// The number.
        public var number: String
        /// The server's id.
        public var id: String
        /// Each differing field: `before` is the server's value, `after` the file's.
        public var fields: [FieldChange]
        /// Where the entry is written.
        public var source: SourceLocation?
    }

    /// The list it compares.
    public var list: PortSIPList
    /// Numbers whose fields differ, sorted by number.
    public var changed: [Difference]
    /// Numbers in the files and not on the server, sorted.
    public var missing: [DesiredNumber]
    /// Numbers on the server and in no file (extra copies of duplicates included), sorted.
    public var unmanaged: [ObservedRecord]
    /// Numbers the server holds more than once.
    public var duplicates: [ServerDuplicate]
    /// Numbers that match.
    public var inSyncCount: Int
    /// Whether unmanaged numbers count as drift.
    public var ignoresUnmanaged: Bool
    /// Relations that differ from the entries (exclusive agents, for entries with `queues`), as
    /// the changes that would set them; nil when no entry manages a relation.
    public var relationChanges: [Change]?
    /// The relations the files manage in this list.
    public var relations: [Relation] = []
    /// Errors found comparing relations (an unknown queue, an agent who is not a member).
    public var relationProblems: [Diagnostic] = []
    /// Warnings found comparing relations.
    public var relationWarnings: [Diagnostic] = []

    /// Compares the files with the server, whatever the files' `unmanaged` policy says.
    public init(desired: DesiredList, observed: [ObservedRecord], ignoreUnmanaged: Bool) {
        self.init(
            desired: desired, plan: ListPlan(desired: desired, observed: observed, policy: .init(unmanaged: .ignore)),
            ignoreUnmanaged: ignoreUnmanaged)
    }

    /// Reads the drift off a plan of the list made with `unmanaged: ignore`, relations included.
    public init(desired: DesiredList, plan: ListPlan, ignoreUnmanaged: Bool) {
        list = desired.list
        let wanted = Dictionary(
            desired.numbers.map { (ExactText($0.number), $0) }, uniquingKeysWith: { first, _ in first })
        changed = plan.recordChanges.filter { $0.action == .update }.map {
            Difference(number: $0.number, id: $0.id ?? "", fields: $0.fieldChanges, source: $0.source)
        }
        missing = plan.recordChanges.filter { $0.action == .create }.compactMap { wanted[ExactText($0.number)] }
        unmanaged = plan.unmanaged
        duplicates = plan.duplicates
        inSyncCount = plan.unchangedCount
        ignoresUnmanaged = ignoreUnmanaged
        // A change an apply carries out in two parts is one difference.
        relationChanges = plan.relations.isEmpty ? nil : Change.joiningParts(plan.relationChanges)
        relations = plan.relations
        relationProblems = plan.relationProblems
        relationWarnings = plan.relationWarnings
    }

    /// Whether the server differs from the files (the verdict that makes `drift` exit 2).
    public var hasDrift: Bool {
        !changed.isEmpty || !missing.isEmpty || (!ignoresUnmanaged && !unmanaged.isEmpty)
            || !(relationChanges?.isEmpty ?? true)
    }
}
