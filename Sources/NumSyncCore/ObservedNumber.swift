/// An exclusive number as the server holds it.
public struct ObservedNumber: Sendable, Hashable {
    /// The server's opaque id, passed back exactly as received.
    public var id: String
    /// The number.
    public var number: String
    /// Whether it is enabled.
    public var enabled: Bool
    /// The description; the server's `null` is `""`.
    public var description: String
    /// `created_at` as the server sent it (RFC 3339), if it sent one.
    public var createdAt: String?

    /// Creates an observed number.
    public init(id: String, number: String, enabled: Bool, description: String, createdAt: String? = nil) {
        self.id = id
        self.number = number
        self.enabled = enabled
        self.description = description
        self.createdAt = createdAt
    }

    /// The managed fields as a record.
    public var record: NumberRecord {
        NumberRecord(number: number, enabled: enabled, description: description)
    }

    /// Deterministic order for listings: number, then id, both in UTF-8 byte order.
    public static func precedes(_ lhs: ObservedNumber, _ rhs: ObservedNumber) -> Bool {
        if !lhs.number.isByteEqual(to: rhs.number) { return lhs.number.precedesByBytes(rhs.number) }
        return lhs.id.precedesByBytes(rhs.id)
    }
}
