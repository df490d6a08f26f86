// Every list numsync knows: adding a list is declaring it and naming it here.

extension PortSIPList {
    /// Every list numsync manages, in the order files, plans and reports show them.
    public static let all: [PortSIPList] = [
        .exclusiveNumbers, .vipNumbers, .callQueueBlacklistedNumbers, .blacklistedNumbers,
    ]

    /// The primary list (`isPrimary`): what a file that names no list is about.
    public static var primary: PortSIPList {
        // The catalog test checks that exactly one list is primary.
        all.first(where: \.isPrimary)!
    }

    /// The lists numsync reads and never creates or deletes records in, whose relations files
    /// may manage (a queue's members), in the order files, plans and reports show them.
    public static let readOnly: [PortSIPList] = [.callQueues, .ringGroups]

    /// The list, managed or read only, whose key is `key`.
    public static func known(_ key: String) -> PortSIPList? {
        named(key) ?? readOnly.first { $0.key == key }
    }

    /// Whether numsync reads the list only: its records are never created, changed or deleted.
    public var isReadOnly: Bool { Self.readOnly.contains { $0.key == key } }

    /// The managed list whose key (in files, plans and reports) is `key`.
    public static func named(_ key: String) -> PortSIPList? {
        all.first { $0.key == key }
    }

    /// Where the list sits in `all`: the order of plans and reports.
    public var order: Int {
        Self.all.firstIndex { $0.key == key } ?? Self.readOnly.firstIndex { $0.key == key }.map { Self.all.count + $0 }
            ?? Self.all.count + Self.readOnly.count
    }
}

extension PortSIPList: CustomStringConvertible {
    /// The list's key, e.g. `vip_numbers`.
    public var description: String { key }
}
