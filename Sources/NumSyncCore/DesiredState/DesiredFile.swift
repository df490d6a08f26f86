/// What one desired-state file says, before it is combined with the other files: its settings
/// and, for each list it names, its entries.
public struct DesiredFile: Sendable, Hashable {
    /// The entries one file gives one list.
    public struct Section: Sendable, Hashable {
        /// The list.
        public var list: PortSIPList
        /// Where the file names the list (its key); nil for sections built in code.
        public var location: SourceLocation?
        /// The entries in file order. An entry that omits the field `defaults` covers holds the
        /// field's own default here until `DesiredState.combining` resolves `defaults` across
        /// every file, in one place.
        public var numbers: [DesiredNumber]
        /// Indices in `numbers` of the entries that omit the field `defaults` covers.
        public var inheritingEnabled: [Int]
        /// The entries that have `queues`, in file order.
        public var agents: [NumberAgents] = []

        /// Creates a section.
        public init(
            list: PortSIPList, location: SourceLocation? = nil, numbers: [DesiredNumber] = [],
            inheritingEnabled: [Int] = []
        ) {
            self.list = list
            self.location = location
            self.numbers = numbers
            self.inheritingEnabled = inheritingEnabled
        }

        /// The field `defaults.enabled` covers: the list's `enabled`, if it has one.
        public var defaultedField: Field? { list.field(named: "enabled") }

        /// Adds an entry; `inheritsDefaults` when it omits the field `defaults` covers.
        public mutating func append(
            number: String, values: FieldValues, inheritsDefaults: Bool, location: SourceLocation
        ) {
            if inheritsDefaults { inheritingEnabled.append(numbers.count) }
            numbers.append(DesiredNumber(number: number, values: values, source: location))
        }

        /// Gives the entries that omit the field `defaults` covers the value `enabled`.
        mutating func inheritEnabled(_ enabled: Bool) {
            guard let field = defaultedField else { return }
            for index in inheritingEnabled { numbers[index][field] = .bool(enabled) }
        }
    }

    /// The file name, as the user named it.
    public var file: String
    /// `defaults.enabled`, if the file sets it.
    public var defaultEnabled: Located<Bool>?
    /// `unmanaged: POLICY`, one policy for every managed list, if the file sets it so.
    public var unmanaged: Located<UnmanagedPolicy>?
    /// `unmanaged: {LIST: POLICY}`, one entry per list the mapping names, in file order.
    public var unmanagedByList: [ListPolicy]
    /// The lists the file names, in file order.
    public var sections: [Section]
    /// The call queues and ring groups whose members the file gives, in file order.
    public var members: [DesiredMembers] = []

    /// One list's entry in an `unmanaged` mapping.
    public struct ListPolicy: Sendable, Hashable {
        /// The list.
        public var list: PortSIPList
        /// The policy, where it is written.
        public var policy: Located<UnmanagedPolicy>

        /// Creates an entry.
        public init(list: PortSIPList, policy: Located<UnmanagedPolicy>) {
            self.list = list
            self.policy = policy
        }
    }

    /// Creates a file's content.
    public init(
        file: String,
        defaultEnabled: Located<Bool>? = nil,
        unmanaged: Located<UnmanagedPolicy>? = nil,
        unmanagedByList: [ListPolicy] = [],
        sections: [Section] = []
    ) {
        self.file = file
        self.defaultEnabled = defaultEnabled
        self.unmanaged = unmanaged
        self.unmanagedByList = unmanagedByList
        self.sections = sections
    }

    /// Adds an entry to `list`'s section, starting the section if the file has none yet.
    public mutating func append(
        number: String, values: FieldValues, inheritsDefaults: Bool, location: SourceLocation,
        in list: PortSIPList
    ) {
        let index = sectionIndex(for: list, at: nil)
        sections[index].append(number: number, values: values, inheritsDefaults: inheritsDefaults, location: location)
    }

    /// The index of `list`'s section, added (at `location`) if missing.
    mutating func sectionIndex(for list: PortSIPList, at location: SourceLocation?) -> Int {
        if let index = sections.firstIndex(where: { $0.list.key == list.key }) { return index }
        sections.append(Section(list: list, location: location))
        return sections.count - 1
    }
}
