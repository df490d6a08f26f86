/// What one desired-state file says, before it is combined with the other files.
public struct DesiredFile: Sendable, Hashable {
    /// One entry of `exclusive_numbers`, with `enabled` still unresolved against `defaults`.
    public struct Entry: Sendable, Hashable {
        /// The number, exactly as written.
        public var number: String
        /// `enabled` if the entry gives it.
        public var enabled: Bool?
        /// The description; an omitted or null one is empty.
        public var description: String
        /// Where the entry's `number` is written (or the entry itself, if `number` is missing).
        public var location: SourceLocation

        /// Creates an entry.
        public init(number: String, enabled: Bool?, description: String, location: SourceLocation) {
            self.number = number
            self.enabled = enabled
            self.description = description
            self.location = location
        }
    }

    /// The file name, as the user named it.
    public var file: String
    /// `defaults.enabled`, if the file sets it.
    public var defaultEnabled: Located<Bool>?
    /// `unmanaged`, if the file sets it.
    public var unmanaged: Located<UnmanagedPolicy>?
    /// The entries, in file order.
    public var entries: [Entry]

    /// Creates a file's content.
    public init(
        file: String,
        defaultEnabled: Located<Bool>? = nil,
        unmanaged: Located<UnmanagedPolicy>? = nil,
        entries: [Entry] = []
    ) {
        self.file = file
        self.defaultEnabled = defaultEnabled
        self.unmanaged = unmanaged
        self.entries = entries
    }
}
