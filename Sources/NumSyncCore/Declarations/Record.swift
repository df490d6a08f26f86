/// A record's managed fields: its key and its other fields' values, in its list's order.
public struct Record: Sendable, Hashable {
    /// The key: the value of its list's key field (a number).
    public var key: String
    /// The other fields' values, in the order of the list's `valueFields`.
    public var values: FieldValues

    /// Creates a record.
    public init(key: String, values: FieldValues) {
        self.key = key
        self.values = values
    }

    /// The value of one of the list's fields.
    public subscript(field: Field) -> FieldValue {
        field.position < 0 ? .string(key) : values[field.position]
    }
}
