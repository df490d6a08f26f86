/// One number the server holds more than once: the oldest copy is managed, the rest are extras.
public struct ServerDuplicate: Sendable, Hashable {
    /// The number.
    public var number: String
    /// The oldest copy (`created_at`, then id): the one numsync manages.
    public var kept: ObservedRecord
    /// The other copies, oldest first; planned as unmanaged numbers.
    public var extras: [ObservedRecord]

    /// Creates a duplicate record.
    public init(number: String, kept: ObservedRecord, extras: [ObservedRecord]) {
        self.number = number
        self.kept = kept
        self.extras = extras
    }
}
