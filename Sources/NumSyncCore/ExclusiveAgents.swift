// PortSIP's exclusive agents (Contact Center > Exclusive Agent), declared once: per call queue,
// the agents an exclusive number's calls go to. Everything else numsync knows about them it
// reads from this declaration.

extension Relation {
    /// The exclusive agents of an exclusive number in each call queue: an entry's `queues`, a
    /// mapping of queue extension numbers to sets of agent extension numbers. PortSIP reads them
    /// at `GET /api/exclusive_numbers/{id}/call_queues` (the queues a number has agents in) and
    /// `GET …/call_queues/{queue_id}/agents`, sets them with `POST` there (whether that replaces
    /// or adds is not documented) and clears them with `POST …/{queue_id}/destroy`.
    public static let exclusiveAgents = Relation(
        ownerKey: "exclusive_numbers", key: "queues", name: "exclusive agents",
        summary: "The number's exclusive agents, queue by queue (extension numbers). Present: managed completely (a "
            + "queue not listed has none); absent: left as they are.",
        target: .callQueues,
        value: .extensions, targetsPath: "exclusive_numbers/{id}/call_queues",
        valuePath: "exclusive_numbers/{id}/call_queues/{target}/agents",
        clearPath: "exclusive_numbers/{id}/call_queues/{target}/destroy", changesKey: "agent_changes")
}
