import NumSyncCore

// Shorthands for exclusive numbers, for tests and benchmarks that are about them in particular.
// numsync itself never uses them: its stages (decoding, planning, rendering, export, the client)
// read the declaration.

extension Field {
    /// Exclusive numbers' `number`.
    public static let number = PortSIPList.exclusiveNumbers.keyField
    /// Exclusive numbers' `enabled`.
    public static let enabled = PortSIPList.exclusiveNumbers.valueFields[0]
    /// Exclusive numbers' `description`.
    public static let description = PortSIPList.exclusiveNumbers.valueFields[1]
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
