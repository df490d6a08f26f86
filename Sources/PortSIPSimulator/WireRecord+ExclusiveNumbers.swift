// A shorthand for exclusive numbers, for tests and tools that seed the simulator with them. The
// simulator itself reads every list's fields from its declaration.

/// An exclusive number as the simulator holds it.
public typealias WireNumber = WireRecord

extension WireRecord {
    /// An exclusive number: `number`, `enabled`, `description` (nil for blank).
    public init(id: String, number: String, created_at: String, enabled: Bool, description: String?) {
        self.init(
            id: id, created_at: created_at,
            fields: [
                "number": .string(number), "enabled": .bool(enabled),
                "description": description.map(JSONValue.string) ?? .null,
            ])
    }

    /// The number.
    public var number: String { text("number") ?? "" }

    /// Whether it is enabled.
    public var enabled: Bool {
        if case .bool(let enabled)? = fields["enabled"] { return enabled }
        return true
    }

    /// The description, nil when blank.
    public var description: String? {
        get { text("description") }
        set { fields["description"] = newValue.map(JSONValue.string) ?? .null }
    }
}
