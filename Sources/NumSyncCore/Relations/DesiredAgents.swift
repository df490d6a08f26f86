/// An entry's number with its `queues`.
public struct NumberAgents: Sendable, Hashable {
    /// The exclusive number.
    public var number: String
    /// Its agents.
    public var agents: DesiredAgents

    /// Creates a number's agents.
    public init(number: String, agents: DesiredAgents) {
        self.number = number
        self.agents = agents
    }
}

/// The exclusive agents a file gives one exclusive number, queue by queue: its `queues` key.
/// Present means managed completely (a queue not listed, or listed with `[]`, has none).
public struct DesiredAgents: Sendable, Hashable {
    /// One queue's agents.
    public struct Queue: Sendable, Hashable {
        /// The queue's extension number, as written.
        public var queue: String
        /// The agents' extension numbers, as written, in file order.
        public var agents: [String]
        /// Where the queue is written.
        public var source: SourceLocation
        /// Where each agent is written, aligned with `agents`.
        public var agentSources: [SourceLocation]

        /// Creates a queue's agents.
        public init(queue: String, agents: [String], source: SourceLocation, agentSources: [SourceLocation]? = nil) {
            self.queue = queue
            self.agents = agents
            self.source = source
            self.agentSources = agentSources ?? Array(repeating: source, count: agents.count)
        }
    }

    /// The queues, in file order; each queue once.
    public var queues: [Queue]
    /// Where `queues` is written.
    public var source: SourceLocation

    /// Creates a number's agents.
    public init(queues: [Queue], source: SourceLocation) {
        self.queues = queues
        self.source = source
    }

    /// Whether `text` can be an extension number: 3 to 64 digits.
    public static func isExtension(_ text: String) -> Bool {
        (3...64).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
