/// One change to the server, with everything needed to carry it out and to show it.
public struct Change: Sendable, Hashable {
    /// What the operation does.
    public enum Action: String, Sendable, Hashable, CaseIterable, Comparable {
        case create
        case update
        case disable
        case delete

        /// The order plans list and run operations in.
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

    /// What the operation does.
    public var action: Action
    /// The collection it acts on.
    public var collection: ResourceCollection
    /// The number it is about.
    public var number: String
    /// The server id; nil for a create.
    public var id: String?
    /// The fields sent: all of them for a create, the changed ones for an update.
    public var assignments: [Assignment]
    /// For updates and disables: each changed field, before and after.
    public var fieldChanges: [FieldChange]
    /// The server record the operation was computed from; nil for a create.
    public var observed: ObservedNumber?
    /// Where the desired entry is written; nil for unmanaged numbers.
    public var source: SourceLocation?
    /// For an operation on an extra copy of a duplicated number the files want: the managed
    /// copy it leaves in place. The operation relies on it, so a saved plan checks it is still
    /// there before acting.
    public var keeps: ObservedNumber?

    /// Creates an operation.
    public init(
        action: Action,
        collection: ResourceCollection = .exclusiveNumbers,
        number: String,
        id: String?,
        assignments: [Assignment],
        fieldChanges: [FieldChange] = [],
        observed: ObservedNumber? = nil,
        source: SourceLocation? = nil,
        keeps: ObservedNumber? = nil
    ) {
        self.action = action
        self.collection = collection
        self.number = number
        self.id = id
        self.assignments = assignments
        self.fieldChanges = fieldChanges
        self.observed = observed
        self.source = source
        self.keeps = keeps
    }

    /// A create of a desired number: every field is sent.
    public static func create(_ desired: DesiredNumber, in collection: ResourceCollection = .exclusiveNumbers)
        -> Change
    {
        let record = desired.record
        return Change(
            action: .create, collection: collection, number: desired.number, id: nil,
            assignments: collection.fields.map { Assignment($0, record[$0]) }, source: desired.source)
    }

    /// Disables an unmanaged record: sends its list's disabling field as false; nil when the
    /// list cannot disable records.
    public static func disable(
        _ record: ObservedNumber, in collection: ResourceCollection = .exclusiveNumbers,
        keeping kept: ObservedNumber? = nil
    ) -> Change? {
        guard let field = collection.disablingField else { return nil }
        return Change(
            action: .disable, collection: collection, number: record.number, id: record.id,
            assignments: [Assignment(field, .bool(false))],
            fieldChanges: [FieldChange(field: field, before: record[field], after: .bool(false))],
            observed: record, keeps: kept)
    }

    /// Deletes an unmanaged record.
    public static func delete(
        _ record: ObservedNumber, in collection: ResourceCollection = .exclusiveNumbers,
        keeping kept: ObservedNumber? = nil
    ) -> Change {
        Change(
            action: .delete, collection: collection, number: record.number, id: record.id, assignments: [],
            observed: record, keeps: kept)
    }

    /// Whether the operation writes an existing record (update, disable, delete).
    public var touchesExistingRecord: Bool { action != .create }

    /// Deterministic order: action, then number, then id (texts in UTF-8 byte order).
    public static func precedes(_ lhs: Change, _ rhs: Change) -> Bool {
        if lhs.action != rhs.action { return lhs.action < rhs.action }
        if !lhs.number.isByteEqual(to: rhs.number) { return lhs.number.precedesByBytes(rhs.number) }
        return (lhs.id ?? "").precedesByBytes(rhs.id ?? "")
    }
}
