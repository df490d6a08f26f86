/// A record as the files want it, fully resolved: its number and its other fields' values (an
/// omitted field has its default, `defaults.enabled` included).
public struct DesiredNumber: Sendable, Hashable {
    /// The number, exactly as written; the key that matches it to the server.
    public var number: String
    /// The other fields' values, in the order of its list's `valueFields`.
    public var values: FieldValues
    /// Where the entry is written.
    public var source: SourceLocation

    /// Creates a desired record.
    public init(number: String, values: FieldValues, source: SourceLocation) {
        self.number = number
        self.values = values
        self.source = source
    }

    /// The managed fields as a record.
    public var record: Record { Record(key: number, values: values) }

    /// The value of one of its list's fields.
    public subscript(field: Field) -> FieldValue {
        get { field.position < 0 ? .string(number) : values[field.position] }
        set {
            if field.position < 0, case .string(let text) = newValue {
                number = text
            } else if field.position >= 0 {
                values[field.position] = newValue
            }
        }
    }
}
