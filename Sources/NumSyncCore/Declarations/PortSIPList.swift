/// A PortSIP list that numsync manages, declared once: where it lives in the API, its key in
/// desired-state files, the field records are matched on, the other fields, and how a record
/// is disabled. Every stage reads the declaration; adding a list is adding one of these.
public struct PortSIPList: Sendable, Hashable {
    /// The path under `/api`, e.g. `exclusive_numbers`.
    public let path: String
    /// The key of the list in desired-state files and reports, e.g. `exclusive_numbers`.
    public let key: String
    /// What one record is called in messages, e.g. `exclusive number`.
    public let recordName: String
    /// What the list is, for editors (the JSON Schema) and documentation.
    public let summary: String
    /// The field records are matched on (`number`); it never changes.
    public let keyField: Field
    /// The other fields, in the order PortSIP documents them; a record's values follow it.
    public let valueFields: [Field]
    /// The bool field an unmanaged record is disabled with (set to false); nil when the list has
    /// none, and then `unmanaged: disable` does not apply to it.
    public let disablingField: Field?
    /// Every field, the key first, in wire order.
    public let fields: [Field]
    /// The fields an update may change.
    public let updatableFields: [Field]
    /// Each value field's default: the values of an entry that sets nothing.
    public let defaultValues: FieldValues
    /// Fields PortSIP keeps that numsync neither reads nor writes (`address`, counters): an
    /// update that does not send them leaves them as they are.
    public let otherFields: [String]
    /// Whether the list's answer has a `count` (numsync never relies on it; the simulator
    /// answers as PortSIP does).
    public let listingHasCount: Bool
    /// The status PortSIP answers a create with (200, or 201 for the number blacklist).
    public let createdStatus: Int
    /// Whether this is the primary list (exclusive numbers, the first numsync managed): a file
    /// that names no list is about it, and messages, plans and reports about it alone read with
    /// no list names, as they did before there were several lists. One list is primary.
    public let isPrimary: Bool
    /// What hangs off each record (exclusive agents per call queue), managed through an entry's
    /// key of the same name.
    public let relations: [Relation]

    /// Declares a list. `disabledBy` names a bool field among `valueFields`.
    public init(
        path: String, key: String, recordName: String, summary: String, keyField: Field, valueFields: [Field],
        disabledBy disablingName: String? = nil, otherFields: [String] = [], listingHasCount: Bool = true,
        createdStatus: Int = 200, isPrimary: Bool = false, relations: [Relation] = []
    ) {
        self.isPrimary = isPrimary
        self.relations = relations
        self.otherFields = otherFields
        self.listingHasCount = listingHasCount
        self.createdStatus = createdStatus
        self.path = path
        self.key = key
        self.recordName = recordName
        self.summary = summary
        self.keyField = keyField
        let placed = valueFields.enumerated().map { $0.element.placed(at: $0.offset) }
        self.valueFields = placed
        self.disablingField = disablingName.flatMap { name in placed.first { $0.name == name } }
        self.fields = [keyField] + placed
        self.updatableFields = placed.filter(\.updatable)
        self.defaultValues = FieldValues(placed.map(\.defaultValue))
    }

    /// What messages put before one of the list's numbers: nothing for the primary list, the
    /// list's key and a space for the others (`vip_numbers "+1"`).
    public var messageQualifier: String { isPrimary ? "" : key + " " }

    /// The field called `name`, if the list has one.
    public func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }

    /// What keeps `text` from being one of this list's numbers; empty when it can be.
    public func problems(ofNumber text: String) -> [FieldRules.NumberProblem] {
        FieldRules.problems(
            ofNumber: text, maximumLength: keyField.maximumLength ?? Int.max, pattern: keyField.pattern)
    }
}
