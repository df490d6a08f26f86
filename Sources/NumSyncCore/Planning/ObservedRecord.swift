/// A record as the server holds it: its id, its key (a number, or a queue's extension number),
/// its other fields' values (a blank text field, `null` or `""`, is `""`), and when it was created.
public struct ObservedRecord: Sendable, Hashable {
    /// The server's opaque id, passed back exactly as received.
    public var id: String
    /// The key: the value of its list's key field (`number`, `extension_number`), which never
    /// changes and which files match it by.
    public var key: String
    /// The other fields' values, in the order of its list's `valueFields`.
    public var values: FieldValues
    /// `created_at` as the server sent it (RFC 3339), if it sent one.
    public var createdAt: String?

    /// Creates an observed record.
    public init(id: String, key: String, values: FieldValues, createdAt: String? = nil) {
        self.id = id
        self.key = key
        self.values = values
        self.createdAt = createdAt
    }

    /// The managed fields as a record.
    public var record: Record { Record(key: key, values: values) }

    /// The value of one of its list's fields.
    public subscript(field: Field) -> FieldValue {
        field.position < 0 ? .string(key) : values[field.position]
    }

    /// Deterministic order for listings: key, then id, both in UTF-8 byte order.
    public static func precedes(_ lhs: ObservedRecord, _ rhs: ObservedRecord) -> Bool {
        if !lhs.key.isByteEqual(to: rhs.key) { return lhs.key.precedesByBytes(rhs.key) }
        return lhs.id.precedesByBytes(rhs.id)
    }
}
