/// A call queue as the PBX has it: what planning exclusive agents needs to know of it.
public struct CallQueue: Sendable, Hashable {
    /// The server's id, passed back exactly.
    public var id: String
    /// The extension number files name it by.
    public var extensionNumber: String
    /// Its name (not unique).
    public var name: String
    /// How it rings its agents (`polling_strategy`).
    public var strategy: String
    /// Its members' extension numbers: the agents that can be exclusive agents in it.
    public var members: [String]
    /// Whether `members` are those the files give the queue (under `call_queues`), which the plan
    /// sets, rather than those it has.
    public var membersArePlanned: Bool

    /// Creates a queue.
    public init(
        id: String, extensionNumber: String, name: String, strategy: String, members: [String],
        membersArePlanned: Bool = false
    ) {
        self.membersArePlanned = membersArePlanned
        self.id = id
        self.extensionNumber = extensionNumber
        self.name = name
        self.strategy = strategy
        self.members = members
    }

    /// Whether the queue ignores exclusive agents: PortSIP does not support them when every
    /// agent rings at once, its default.
    public var ignoresExclusiveAgents: Bool { strategy == CallQueueStrategy.ringSimultaneously }
}
