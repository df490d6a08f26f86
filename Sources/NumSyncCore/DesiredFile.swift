/// What one desired-state file says, before it is combined with the other files.
public struct DesiredFile: Sendable, Hashable {
    /// The file name, as the user named it.
    public var file: String
    /// `defaults.enabled`, if the file sets it.
    public var defaultEnabled: Located<Bool>?
    /// `unmanaged`, if the file sets it.
    public var unmanaged: Located<UnmanagedPolicy>?
    /// The entries in file order. An entry that omits `enabled` holds `true` here until
    /// `DesiredState.combining` resolves `defaults.enabled` across every file, in one place.
    public var numbers: [DesiredNumber]
    /// Indices in `numbers` of the entries that omit `enabled`.
    public var inheritingEnabled: [Int]

    /// Creates a file's content.
    public init(
        file: String,
        defaultEnabled: Located<Bool>? = nil,
        unmanaged: Located<UnmanagedPolicy>? = nil,
        numbers: [DesiredNumber] = [],
        inheritingEnabled: [Int] = []
    ) {
        self.file = file
        self.defaultEnabled = defaultEnabled
        self.unmanaged = unmanaged
        self.numbers = numbers
        self.inheritingEnabled = inheritingEnabled
    }

    /// Adds an entry; `enabled: nil` means the entry omits it.
    public mutating func append(number: String, enabled: Bool?, description: String, location: SourceLocation) {
        if enabled == nil { inheritingEnabled.append(numbers.count) }
        numbers.append(
            DesiredNumber(number: number, enabled: enabled ?? true, description: description, source: location))
    }

    /// Gives the entries that omit `enabled` the value `enabled`.
    mutating func inheritEnabled(_ enabled: Bool) {
        for index in inheritingEnabled { numbers[index].enabled = enabled }
    }
}
