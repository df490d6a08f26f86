/// What the files want of one list, combined and checked: the input of planning that list.
public struct DesiredList: Sendable, Hashable {
    /// The list.
    public var list: PortSIPList
    /// The wanted records, in the order the files list them (files in the order given).
    public var numbers: [DesiredNumber]
    /// What to do with the list's records no file lists.
    public var unmanaged: UnmanagedPolicy
    /// `defaults.enabled` as resolved across files (true when no file sets it).
    public var defaultEnabled: Bool
    /// The entries whose exclusive agents are managed (they have `queues`), in file order.
    public var agents: [NumberAgents] = []

    /// Creates a desired list from resolved entries.
    public init(
        numbers: [DesiredNumber],
        in list: PortSIPList,
        unmanaged: UnmanagedPolicy = .ignore,
        defaultEnabled: Bool = true
    ) {
        self.list = list
        self.numbers = numbers
        self.unmanaged = unmanaged
        self.defaultEnabled = defaultEnabled
    }
}
