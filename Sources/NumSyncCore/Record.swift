/// A record's managed fields: its key and its other fields' values, in its list's order.
public struct Record: Sendable, Hashable {
    /// The key (the number).
    public var number: String
    /// The other fields' values, in the order of the list's `valueFields`.
    public var values: FieldValues

    /// Creates a record.
    public init(number: String, values: FieldValues) {
        self.number = number
        self.values = values
    }

    /// The value of one of the list's fields.
    public subscript(field: Field) -> FieldValue {
        field.position < 0 ? .string(number) : values[field.position]
    }
}
