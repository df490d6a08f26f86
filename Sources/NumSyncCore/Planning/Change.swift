/// One change to the server, with everything needed to carry it out and to show it: to a
/// record of a list, or to a relation hanging off one (its `scope`). A change may depend on
/// others of the same plan, which are carried out first.
public struct Change: Sendable, Hashable {
    /// What the change acts on.
    public enum Scope: Sendable, Hashable {
        /// The record itself: its fields.
        case record
        /// A relation of the record: its value at one target.
        case relation(RelationChange)
    }

    /// What names a change within a plan: its list and number, and for a relation change the
    /// relation and the target.
    public struct Key: Sendable, Hashable {
        /// The list's key.
        public var list: String
        /// The record's number.
        public var number: ExactText
        /// The relation's key; nil for a record change.
        public var relation: String?
        /// The target's key; nil for a record change, and for a relation without targets.
        public var target: ExactText?
        /// Which part of a change carried out in two (`Change.part`).
        public var part = 0

        /// The key of a change of the record `number` of `list`.
        public static func record(_ number: String, in list: PortSIPList) -> Key {
            Key(list: list.key, number: ExactText(number), relation: nil, target: nil)
        }
    }

    /// What the change does.
    public enum Action: String, Sendable, Hashable, CaseIterable, Comparable {
        case create
        case update
        case disable
        case delete

        /// The order plans list and run changes in.
        public static func < (lhs: Action, rhs: Action) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// A field and the value to send for it.
    public struct Assignment: Sendable, Hashable {
        /// The field.
        public var field: Field
        /// The value sent.
        public var value: FieldValue

        /// Creates an assignment.
        public init(_ field: Field, _ value: FieldValue) {
            self.field = field
            self.value = value
        }

        /// Whether the value is blank text: a create leaves it out, as PortSIP has no value to
        /// give such a field, and a rendered create does not show it.
        public var isBlank: Bool { field.kind.isText && value == .string("") }
    }

    /// What the change does.
    public var action: Action
    /// The list it acts on.
    public var list: PortSIPList
    /// The number it is about.
    public var number: String
    /// The server id; nil for a create.
    public var id: String?
    /// The fields sent: all of them for a create, the changed ones for an update.
    public var assignments: [Assignment]
    /// For updates and disables: each changed field, before and after.
    public var fieldChanges: [FieldChange]
    /// The server record the change was computed from; nil for a create.
    public var observed: ObservedRecord?
    /// Where the desired entry is written; nil for unmanaged numbers.
    public var source: SourceLocation?
    /// For a change of an extra copy of a duplicated number the files want: the managed copy
    /// it leaves in place. The change relies on it, so a saved plan checks it is still there
    /// before acting.
    public var keeps: ObservedRecord?
    /// The record, or a relation of it.
    public var scope: Scope = .record
    /// Changes of the same plan that must be carried out first (a relation change of a record
    /// the plan creates depends on the create, which gives the record its id).
    public var dependencies: [Key] = []
    /// 0 for a change carried out at once; 1 and 2 for the parts of one carried out in two,
    /// when other changes must run between (a queue's new members are added before the
    /// exclusive agents that need them are set, its old ones removed after those that name them
    /// are gone).
    public var part = 0

    /// Creates a change.
    public init(
        action: Action,
        list: PortSIPList,
        number: String,
        id: String?,
        assignments: [Assignment],
        fieldChanges: [FieldChange] = [],
        observed: ObservedRecord? = nil,
        source: SourceLocation? = nil,
        keeps: ObservedRecord? = nil
    ) {
        self.action = action
        self.list = list
        self.number = number
        self.id = id
        self.assignments = assignments
        self.fieldChanges = fieldChanges
        self.observed = observed
        self.source = source
        self.keeps = keeps
    }

    /// A create of a desired number: every field is sent.
    public static func create(_ desired: DesiredNumber, in list: PortSIPList)
        -> Change
    {
        let record = desired.record
        return Change(
            action: .create, list: list, number: desired.number, id: nil,
            assignments: list.fields.map { Assignment($0, record[$0]) }, source: desired.source)
    }

    /// Disables an unmanaged record: sends its list's disabling field as false; nil when the
    /// list cannot disable records.
    public static func disable(
        _ record: ObservedRecord, in list: PortSIPList,
        keeping kept: ObservedRecord? = nil
    ) -> Change? {
        guard let field = list.disablingField else { return nil }
        return Change(
            action: .disable, list: list, number: record.key, id: record.id,
            assignments: [Assignment(field, .bool(false))],
            fieldChanges: [FieldChange(field: field, before: record[field], after: .bool(false))],
            observed: record, keeps: kept)
    }

    /// Deletes an unmanaged record.
    public static func delete(
        _ record: ObservedRecord, in list: PortSIPList,
        keeping kept: ObservedRecord? = nil
    ) -> Change {
        Change(
            action: .delete, list: list, number: record.key, id: record.id, assignments: [],
            observed: record, keeps: kept)
    }

    /// A change of a relation of the record `number` (its id, nil when the plan creates it);
    /// `source` is where the target is written, or where the relation's key is for a target the
    /// files no longer name.
    public static func relation(
        _ change: RelationChange, of number: String, id: String?, in list: PortSIPList,
        source: SourceLocation
    ) -> Change {
        var planned = Change(
            action: .update, list: list, number: number, id: id, assignments: [], source: source)
        planned.scope = .relation(change)
        if id == nil { planned.dependencies = [.record(number, in: list)] }
        return planned
    }

    /// The relation change, for a change of a relation; nil for a change of a record.
    public var relationChange: RelationChange? {
        if case .relation(let change) = scope { return change }
        return nil
    }

    /// Whether the change acts on the record itself.
    public var isRecordChange: Bool { scope == .record }

    /// What names the change within its plan.
    public var key: Key {
        var key = Key.record(number, in: list)
        if let change = relationChange {
            key.relation = change.relation.key
            key.target = change.target.map(ExactText.init)
            key.part = part
        }
        return key
    }

    /// Whether the change writes an existing record (update, disable, delete, or a relation of
    /// a record that exists).
    public var touchesExistingRecord: Bool { isRecordChange ? action != .create : id != nil }

    /// Deterministic order: changes of records first, by action, then number, then id; then
    /// changes of relations, by number, then relation, then target (texts in UTF-8 byte order).
    public static func precedes(_ lhs: Change, _ rhs: Change) -> Bool {
        switch (lhs.relationChange, rhs.relationChange) {
        case (nil, .some): return true
        case (.some, nil): return false
        case (.some(let left), .some(let right)):
            if !lhs.number.isByteEqual(to: rhs.number) { return lhs.number.precedesByBytes(rhs.number) }
            if left.relation.key != right.relation.key { return left.relation.key < right.relation.key }
            let (leftTarget, rightTarget) = (left.target ?? "", right.target ?? "")
            if !leftTarget.isByteEqual(to: rightTarget) { return leftTarget.precedesByBytes(rightTarget) }
            return lhs.part < rhs.part
        case (nil, nil):
            break
        }
        if lhs.action != rhs.action { return lhs.action < rhs.action }
        if !lhs.number.isByteEqual(to: rhs.number) { return lhs.number.precedesByBytes(rhs.number) }
        return (lhs.id ?? "").precedesByBytes(rhs.id ?? "")
    }
}
