// PortSIP's exclusive numbers (Contact Center > Exclusive Agent), declared once. Everything
// else numsync knows about them it reads from this declaration.

extension ResourceCollection {
    /// PortSIP's exclusive numbers (`/api/exclusive_numbers`): `number` (1–64 characters, no
    /// pattern), `enabled` (default true), `description` (at most 1,024 characters).
    public static let exclusiveNumbers = ResourceCollection(
        path: "exclusive_numbers", key: "exclusive_numbers", recordName: "exclusive number",
        summary: "The exclusive (caller) numbers, matched to the server by `number`.",
        keyField: Field(
            "number", .text(maximumLength: 64), updatable: false,
            summary: "The telephone number, exactly as PortSIP holds it (1 to 64 characters, no surrounding spaces)."),
        valueFields: [
            Field(
                "enabled", .bool, default: .bool(true),
                summary:
                    "Whether calls from this number go to the queue's exclusive agents. Defaults to defaults.enabled."),
            Field(
                "description", .text(maximumLength: 1024),
                summary: "Free text, at most 1,024 characters; omitted or null means empty."),
        ],
        disabledBy: "enabled", isPrimary: true, relations: [.exclusiveAgents])
}

// Shorthands for exclusive numbers, for code and tests that are about them in particular. The
// stages themselves (decoding, planning, rendering, export, the client) read the declaration.

extension Field {
    /// Exclusive numbers' `number`.
    public static let number = ResourceCollection.exclusiveNumbers.keyField
    /// Exclusive numbers' `enabled`.
    public static let enabled = ResourceCollection.exclusiveNumbers.valueFields[0]
    /// Exclusive numbers' `description`.
    public static let description = ResourceCollection.exclusiveNumbers.valueFields[1]
}

extension DesiredNumber {
    /// An exclusive number as the files want it.
    public init(number: String, enabled: Bool = true, description: String = "", source: SourceLocation) {
        self.init(number: number, values: [.bool(enabled), .string(description)], source: source)
    }

    /// Whether the exclusive number is enabled.
    public var enabled: Bool {
        get { self[.enabled] == .bool(true) }
        set { self[.enabled] = .bool(newValue) }
    }

    /// The exclusive number's description.
    public var description: String {
        if case .string(let text) = self[.description] { return text }
        return ""
    }
}

extension ObservedRecord {
    /// An exclusive number as the server holds it.
    public init(id: String, number: String, enabled: Bool, description: String, createdAt: String? = nil) {
        self.init(id: id, key: number, values: [.bool(enabled), .string(description)], createdAt: createdAt)
    }

    /// Whether the exclusive number is enabled.
    public var enabled: Bool { self[.enabled] == .bool(true) }

    /// The exclusive number's description.
    public var description: String {
        if case .string(let text) = self[.description] { return text }
        return ""
    }
}

extension DesiredFile {
    /// Adds an exclusive number; `enabled: nil` means the entry omits it.
    public mutating func append(number: String, enabled: Bool?, description: String, location: SourceLocation) {
        append(
            number: number, values: [.bool(enabled ?? true), .string(description)], inheritsDefaults: enabled == nil,
            location: location, in: .exclusiveNumbers)
    }
}
