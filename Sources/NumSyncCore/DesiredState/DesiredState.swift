/// Everything the desired-state files say, combined and checked: the input of planning. It
/// holds the lists the files name, and only those: a list no file names is not managed.
public struct DesiredState: Sendable, Hashable {
    /// The managed lists, in `PortSIPList.all` order.
    public var lists: [DesiredList]
    /// How many files contributed.
    public var fileCount: Int
    /// The call queues and ring groups whose members the files give, each once, in file order.
    public var members: [DesiredMembers] = []

    /// Creates a desired state; the lists are put in `PortSIPList.all` order.
    public init(lists: [DesiredList], fileCount: Int = 1) {
        self.lists = lists.sorted { $0.list.order < $1.list.order }
        self.fileCount = fileCount
    }

    /// A desired state of one list.
    public init(_ list: DesiredList, fileCount: Int = 1) {
        self.init(lists: [list], fileCount: fileCount)
    }

    /// The desired list of `list`, if the files manage it.
    public subscript(list: PortSIPList) -> DesiredList? {
        lists.first { $0.list.key == list.key }
    }

    /// The managed lists.
    public var namedLists: [PortSIPList] { lists.map(\.list) }

    /// The lists read only whose groups' members the files give (call queues, ring groups), in
    /// `PortSIPList.readOnly` order.
    public var namedGroupLists: [PortSIPList] {
        PortSIPList.readOnly.filter { groups in members.contains { $0.list.key == groups.key } }
    }

    /// Every entry, list by list (a copy: for tests and small tools, not for hot paths).
    public var numbers: [DesiredNumber] { lists.flatMap(\.numbers) }

    /// How many entries the files hold, over every list.
    public var entryCount: Int { lists.reduce(0) { $0 + $1.numbers.count } }
}
