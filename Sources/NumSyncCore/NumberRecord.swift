/// The managed fields of an exclusive number, with descriptions normalised (`null` is `""`).
public struct NumberRecord: Sendable, Hashable {
    /// The number.
    public var number: String
    /// Whether it is enabled.
    public var enabled: Bool
    /// The description, empty for none.
    public var description: String

    /// Creates a record.
    public init(number: String, enabled: Bool, description: String) {
        self.number = number
        self.enabled = enabled
        self.description = description
    }

    /// The value of one field.
    public subscript(field: Field) -> FieldValue {
        switch field {
        case .number: return .string(number)
        case .enabled: return .bool(enabled)
        case .description: return .string(description)
        }
    }
}
