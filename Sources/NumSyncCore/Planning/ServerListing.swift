/// What the server holds, indexed the ways numsync asks of it: the managed copy of each number
/// (the oldest), the numbers held more than once, and, on request, the records by id.
///
/// Numbers and ids are matched byte for byte (`ExactText`). The planner, the staleness and
/// effect checks of saved plans, the executor's lookups and export all read a listing through
/// this one value.
public struct ServerListing: Sendable {
    /// Every record, in the order the server listed them.
    public let records: [ObservedRecord]
    /// The managed copy of each number: the oldest (`created_at`, then id).
    public let managed: [ExactText: ObservedRecord]
    /// Numbers held more than once, sorted by number.
    public let duplicates: [ServerDuplicate]
    private let extraCopies: [ExactText: [ObservedRecord]]

    /// Indexes `records`.
    public init(_ records: [ObservedRecord]) {
        self.records = records
        var managed: [ExactText: ObservedRecord] = [:]
        managed.reserveCapacity(records.count)
        var extras: [ExactText: [ObservedRecord]] = [:]
        for record in records {
            let key = ExactText(record.key)
            guard let kept = managed[key] else {
                managed[key] = record
                continue
            }
            if ObservedRecord.isOlder(record, than: kept) {
                managed[key] = record
                extras[key, default: []].append(kept)
            } else {
                extras[key, default: []].append(record)
            }
        }
        for key in extras.keys { extras[key]!.sort(by: ObservedRecord.isOlder) }
        self.managed = managed
        self.extraCopies = extras
        self.duplicates = extras.map { key, copies in
            ServerDuplicate(number: key.text, kept: managed[key]!, extras: copies)
        }.sorted { $0.number.precedesByBytes($1.number) }
    }

    /// How many records hold `number`.
    public func copyCount(of number: String) -> Int {
        let key = ExactText(number)
        guard managed[key] != nil else { return 0 }
        return 1 + (extraCopies[key]?.count ?? 0)
    }

    /// The records by id, for checks that follow records rather than numbers.
    public func recordsByID() -> [ExactText: ObservedRecord] {
        var byID: [ExactText: ObservedRecord] = [:]
        byID.reserveCapacity(records.count)
        for record in records { byID[ExactText(record.id)] = record }
        return byID
    }
}
