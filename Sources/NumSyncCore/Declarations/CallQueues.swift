// PortSIP's call queues, declared once: numsync reads them (to find a queue by its extension
// number, and its ring strategy) and never writes them. Not one of the managed lists in
// `PortSIPList.all`.

extension PortSIPList {
    /// PortSIP's call queues (`/api/call_queues`), as their listing shows them: matched by
    /// `extension_number`, with `name` and `polling_strategy` (the ring strategy; PortSIP's
    /// default, `RING_SIMULTANEOUSLY`, ignores exclusive agents).
    public static let callQueues = PortSIPList(
        path: "call_queues", key: "call_queues", recordName: "call queue",
        summary: "Call queues, matched by their extension number. Read only.",
        keyField: Field(
            "extension_number", .text(maximumLength: 64), pattern: .digitsAndPlus, updatable: false,
            summary: "The queue's extension number."),
        valueFields: [
            Field("name", .text(maximumLength: 256), updatable: false, summary: "The queue's name (not unique)."),
            Field(
                "polling_strategy", .text(maximumLength: 64), updatable: false,
                default: .string(CallQueueStrategy.ringSimultaneously),
                summary: "How the queue rings its agents; PortSIP's default ignores exclusive agents."),
        ], relations: [.queueMembers])
}

/// PortSIP's ring strategies that matter to exclusive agents.
public enum CallQueueStrategy {
    /// PortSIP's default: every agent rings at once, and exclusive agents are not supported.
    public static let ringSimultaneously = "RING_SIMULTANEOUSLY"
}
