/// What one desired-state file says, before it is combined with the other files.
public struct DesiredFile: Sendable, Hashable {
    /// The file name, as the user named it.
    public var file: String
    /// The list its entries belong to.
    public var collection: ResourceCollection
    /// `defaults.enabled`, if the file sets it.
    public var defaultEnabled: Located<Bool>?
    /// `unmanaged`, if the file sets it.
    public var unmanaged: Located<UnmanagedPolicy>?
    /// The entries in file order. An entry that omits the field `defaults` covers holds the
    /// field's own default here until `DesiredState.combining` resolves `defaults` across every
    /// file, in one place.
    public var numbers: [DesiredNumber]
    /// Indices in `numbers` of the entries that omit the field `defaults` covers.
    public var inheritingEnabled: [Int]

    /// Creates a file's content.
    public init(
        file: String,
        collection: ResourceCollection = .exclusiveNumbers,
        defaultEnabled: Located<Bool>? = nil,
        unmanaged: Located<UnmanagedPolicy>? = nil,
        numbers: [DesiredNumber] = [],
        inheritingEnabled: [Int] = []
    ) {
        self.file = file
        self.collection = collection
        self.defaultEnabled = defaultEnabled
        self.unmanaged = unmanaged
        self.numbers = numbers
        self.inheritingEnabled = inheritingEnabled
    }

    /// The field `defaults.enabled` covers: the list's `enabled`, if it has one.
    public var defaultedField: Field? { collection.field(named: "enabled") }

    /// Adds an entry; `inheritsDefaults` when it omits the field `defaults` covers.
    public mutating func append(number: String, values: FieldValues, inheritsDefaults: Bool, location: SourceLocation) {
        if inheritsDefaults { inheritingEnabled.append(numbers.count) }
        numbers.append(DesiredNumber(number: number, values: values, source: location))
    }

    /// Gives the entries that omit the field `defaults` covers the value `enabled`.
    mutating func inheritEnabled(_ enabled: Bool) {
        guard let field = defaultedField else { return }
        for index in inheritingEnabled { numbers[index][field] = .bool(enabled) }
    }
}
