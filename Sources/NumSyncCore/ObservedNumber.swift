/// A record as the server holds it: its id, its number, its other fields' values (a blank text
/// field, `null` or `""`, is `""`), and when it was created.
public struct ObservedNumber: Sendable, Hashable {
    /// The server's opaque id, passed back exactly as received.
    public var id: String
    /// The number.
    public var number: String
    /// The other fields' values, in the order of its list's `valueFields`.
    public var values: FieldValues
    /// `created_at` as the server sent it (RFC 3339), if it sent one.
    public var createdAt: String?

    /// Creates an observed record.
    public init(id: String, number: String, values: FieldValues, createdAt: String? = nil) {
        self.id = id
        self.number = number
        self.values = values
        self.createdAt = createdAt
    }

    /// The managed fields as a record.
    public var record: Record { Record(number: number, values: values) }

    /// The value of one of its list's fields.
    public subscript(field: Field) -> FieldValue {
        field.position < 0 ? .string(number) : values[field.position]
    }

    /// Deterministic order for listings: number, then id, both in UTF-8 byte order.
    public static func precedes(_ lhs: ObservedNumber, _ rhs: ObservedNumber) -> Bool {
        if !lhs.number.isByteEqual(to: rhs.number) { return lhs.number.precedesByBytes(rhs.number) }
        return lhs.id.precedesByBytes(rhs.id)
    }
}
