/// What must change in one list on the server for it to match the files: a value, computed by a
/// pure function of the list's desired state, the observed records and the policy.
public struct ListPlan: Sendable, Hashable {
    /// The list it plans.
    public var list: PortSIPList
    /// The changes, in order: of records (creates, updates, disables, deletes, each sorted by
    /// number), then of relations (by number, then target).
    public var changes: [Change]
    /// How many server records already match their desired entry.
    public var unchangedCount: Int
    /// Server records no file lists (extra copies of duplicated numbers included), sorted.
    public var unmanaged: [ObservedRecord]
    /// Numbers the server holds more than once, sorted by number.
    public var duplicates: [ServerDuplicate]
    /// The unmanaged policy the plan was computed with.
    public var policy: PlanPolicy
    /// How many records the server held.
    public var observedCount: Int
    /// The relations the files manage in this list (some entry has the relation's key): their
    /// changes are in `changes`, and the summary counts them.
    public var relations: [Relation] = []
    /// Errors found planning relations (an unknown queue, an agent who is not a member):
    /// nothing may be sent while there are any.
    public var relationProblems: [Diagnostic] = []
    /// Warnings found planning relations.
    public var relationWarnings: [Diagnostic] = []

    /// Computes the plan. No I/O, no clock, no randomness: the same inputs give the same plan.
    public init(desired: DesiredList, observed: [ObservedRecord], policy: PlanPolicy) {
        self.policy = policy
        self.observedCount = observed.count
        self.list = desired.list

        let list = desired.list
        let listing = ServerListing(observed)
        // Numbers the files want are taken out; what is left is in no file.
        var managed = listing.managed
        let duplicates = listing.duplicates

        var planned: [Change] = []
        var unchanged: [ObservedRecord] = []
        for wanted in desired.numbers {
            guard let current = managed.removeValue(forKey: ExactText(wanted.number)) else {
                planned.append(.create(wanted, in: list))
                continue
            }
            let changes = list.updatableFields.compactMap { field -> FieldChange? in
                let before = current[field]
                let after = wanted[field]
                return field.matches(before, after) ? nil : FieldChange(field: field, before: before, after: after)
            }
            if changes.isEmpty {
                unchanged.append(current)
            } else {
                planned.append(
                    Change(
                        action: .update, list: list, number: wanted.number, id: current.id,
                        assignments: changes.map { Change.Assignment($0.field, $0.after) }, fieldChanges: changes,
                        observed: current, source: wanted.source))
            }
        }
        // Unmanaged: what is left in `managed` (on the server and in no file), and every extra
        // copy of a duplicated number. An extra copy of a number the files want (one no longer in
        // `managed`) relies on the managed copy staying: the change records it, so that a
        // saved plan can check it.
        var unmanaged: [(record: ObservedRecord, keeps: ObservedRecord?)] = managed.values.map { ($0, nil) }
        for duplicate in duplicates {
            let keeps = managed[ExactText(duplicate.number)] == nil ? duplicate.kept : nil
            unmanaged += duplicate.extras.map { ($0, keeps) }
        }
        unmanaged.sort { ObservedRecord.precedes($0.record, $1.record) }

        for (record, keeps) in unmanaged {
            switch policy.unmanaged {
            case .ignore:
                break
            case .disable:
                // Disabling what is disabled already changes nothing.
                if let field = list.disablingField, record[field] != .bool(false),
                    let disable = Change.disable(record, in: list, keeping: keeps)
                {
                    planned.append(disable)
                }
            case .delete:
                planned.append(.delete(record, in: list, keeping: keeps))
            }
        }
        planned.sort(by: Change.precedes)
        self.changes = planned
        self.unchangedCount = unchanged.count
        self.unmanaged = unmanaged.map(\.record)
        self.duplicates = duplicates
    }

    /// A plan put back together from its parts, as a saved plan holds them.
    public init(
        list: PortSIPList, changes: [Change], unchangedCount: Int, unmanaged: [ObservedRecord],
        duplicates: [ServerDuplicate], policy: PlanPolicy, observedCount: Int, relations: [Relation] = []
    ) {
        self.list = list
        self.changes = changes
        self.unchangedCount = unchangedCount
        self.unmanaged = unmanaged
        self.duplicates = duplicates
        self.policy = policy
        self.observedCount = observedCount
        self.relations = relations
    }

    /// Takes in a relation's plan: its changes after the others, its diagnostics.
    public mutating func add(_ planned: RelationPlan) {
        if !relations.contains(planned.relation) { relations.append(planned.relation) }
        changes = (changes + planned.changes).sorted(by: Change.precedes)
        relationProblems = (relationProblems + planned.problems).sorted()
        relationWarnings = (relationWarnings + planned.warnings).sorted()
    }

    /// The changes of records, in plan order.
    public var recordChanges: [Change] { changes.filter(\.isRecordChange) }
    /// The changes of relations, in plan order.
    public var relationChanges: [Change] { changes.filter { !$0.isRecordChange } }

    /// Whether applying the plan would change nothing.
    public var isEmpty: Bool { changes.isEmpty }

    /// How many of the server's records the plan touches: updated, disabled or deleted, or with
    /// a relation changed. A record counts once.
    public var touchedCount: Int {
        var touched = Set<String>()
        for change in changes where change.touchesExistingRecord { touched.insert(change.id ?? change.number) }
        return touched.count
    }

    /// How many changes of records of one kind the plan holds.
    public func count(of action: Change.Action) -> Int {
        changes.reduce(0) { $0 + ($1.isRecordChange && $1.action == action ? 1 : 0) }
    }

    /// Counts by kind, for summaries.
    public var summary: PlanSummary {
        var summary = PlanSummary(
            counting: recordChanges, unchanged: unchangedCount, unmanaged: unmanaged.count,
            duplicates: duplicates.count)
        summary.relationChanges = relations.isEmpty ? nil : relationChanges.count
        if let relation = relations.first, relations.count == 1 { summary.relationItem = relation.itemName }
        summary.recordsManaged = !list.isReadOnly
        return summary
    }
}

/// The counts that a plan's summary line shows.
public struct PlanSummary: Sendable, Hashable {
    /// Numbers to create.
    public var create = 0
    /// Numbers to update.
    public var update = 0
    /// Unmanaged numbers to disable.
    public var disable = 0
    /// Unmanaged numbers to delete.
    public var delete = 0
    /// Numbers already right.
    public var unchanged: Int
    /// Numbers on the server that no file lists.
    public var unmanaged: Int
    /// Numbers the server holds more than once.
    public var duplicates: Int
    /// Changes of relations (a number's agents in a queue each); nil when no entry manages one.
    public var relationChanges: Int?
    /// What one item of the relations changed is called (`agent`, `member`); `relation` when
    /// the counts cover several kinds.
    public var relationItem = "agent"
    /// Whether the records themselves are managed; false for a list read only (call queues),
    /// whose summary counts its relations' changes alone.
    public var recordsManaged = true

    /// Creates a summary.
    public init(
        create: Int = 0, update: Int = 0, disable: Int = 0, delete: Int = 0, unchanged: Int = 0, unmanaged: Int = 0,
        duplicates: Int = 0, relationChanges: Int? = nil
    ) {
        self.relationChanges = relationChanges
        self.create = create
        self.update = update
        self.disable = disable
        self.delete = delete
        self.unchanged = unchanged
        self.unmanaged = unmanaged
        self.duplicates = duplicates
    }

    /// Counts `changes` by kind.
    public init(counting changes: [Change], unchanged: Int = 0, unmanaged: Int = 0, duplicates: Int = 0) {
        self.init(unchanged: unchanged, unmanaged: unmanaged, duplicates: duplicates)
        for change in changes {
            switch change.action {
            case .create: create += 1
            case .update: update += 1
            case .disable: disable += 1
            case .delete: delete += 1
            }
        }
    }

    /// All changes.
    public var total: Int { create + update + disable + delete }

    /// `Plan: 3 to create, 1 to update, 0 to disable, 0 to delete.`, and `, 2 agent changes`
    /// before the period when entries manage agents.
    public var changesLine: String {
        guard recordsManaged else {
            let count = relationChanges ?? 0
            return "Plan: \(count.formattedWithSeparators) \(relationItem) \(count == 1 ? "change" : "changes")."
        }
        let agents =
            relationChanges.map {
                ", \($0.formattedWithSeparators) \(relationItem) \($0 == 1 ? "change" : "changes")"
            } ?? ""
        return "Plan: \(create.formattedWithSeparators) to create, \(update.formattedWithSeparators) to update, "
            + "\(disable.formattedWithSeparators) to disable, \(delete.formattedWithSeparators) to delete\(agents)."
    }

    /// `Plan: 3 to create, 1 to update, 0 to disable, 0 to delete. 1,204 unchanged, 7 unmanaged.`
    public var line: String {
        guard recordsManaged else { return changesLine + " \(unchanged.formattedWithSeparators) unchanged." }
        var text =
            changesLine + " \(unchanged.formattedWithSeparators) unchanged, "
            + "\(unmanaged.formattedWithSeparators) unmanaged."
        if duplicates > 0 {
            text += " \(duplicates.formattedWithSeparators) duplicated on the server."
        }
        return text
    }
}
