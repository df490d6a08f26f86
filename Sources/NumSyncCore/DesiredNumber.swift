/// An exclusive number as the files want it, fully resolved.
public struct DesiredNumber: Sendable, Hashable {
    /// The number, exactly as written; the key that matches it to the server.
    public var number: String
    /// Whether it is enabled (the entry's own value, else `defaults.enabled`, else true).
    public var enabled: Bool
    /// The description; empty when omitted.
    public var description: String
    /// Where the entry is written.
    public var source: SourceLocation

    /// Creates a desired number.
    public init(number: String, enabled: Bool = true, description: String = "", source: SourceLocation) {
        self.number = number
        self.enabled = enabled
        self.description = description
        self.source = source
    }

    /// The managed fields as a record.
    public var record: NumberRecord {
        NumberRecord(number: number, enabled: enabled, description: description)
    }
}
