/// What must change in the exclusive agents of the numbers whose entries have `queues`: a pure
/// function of those entries, the server's numbers, its queues and the agents it holds.
///
/// A queue the PBX does not have and an agent that is not a member of its queue are errors at
/// their place in the file; a queue that rings every agent at once (which ignores exclusive
/// agents) is a warning. Numbers without `queues` are not looked at.
public struct AgentPlan: Sendable, Hashable {
    /// The changes, sorted by number, then queue.
    public var changes: [AgentChange]
    /// Errors: nothing may be applied while there are any.
    public var problems: [Diagnostic]
    /// Warnings, one per queue.
    public var warnings: [Diagnostic]

    /// Plans the agents.
    ///
    /// - Parameters:
    ///   - desired: each exclusive number's entry with its agents, for entries that have `queues`.
    ///   - ids: the server id of each number that exists (the managed copy); a number without one
    ///     is created by the plan, with the agents it wants.
    ///   - queues: the PBX's call queues.
    ///   - observed: by number id, by queue id, the agents the number has there.
    public init(
        desired: [(number: String, agents: DesiredAgents)], ids: [ExactText: String], queues: [CallQueue],
        observed: [String: [String: [String]]]
    ) {
        var byExtension: [ExactText: CallQueue] = [:]
        var byID: [String: CallQueue] = [:]
        for queue in queues {
            byExtension[ExactText(queue.extensionNumber)] = queue
            byID[queue.id] = queue
        }
        var changes: [AgentChange] = []
        var problems: [Diagnostic] = []
        var ignoring: [ExactText: SourceLocation] = [:]
        for (number, agents) in desired {
            let id = ids[ExactText(number)]
            let held = id.flatMap { observed[$0] } ?? [:]
            var named = Set<String>()
            for wanted in agents.queues {
                guard let queue = byExtension[ExactText(wanted.queue)] else {
                    problems.append(.unknownQueue(wanted.queue, number: number, at: wanted.source))
                    continue
                }
                named.insert(queue.id)
                if queue.ignoresExclusiveAgents, !wanted.agents.isEmpty,
                    ignoring[ExactText(queue.extensionNumber)] == nil
                {
                    ignoring[ExactText(queue.extensionNumber)] = wanted.source
                }
                for (agent, source) in zip(wanted.agents, wanted.agentSources) where !queue.members.contains(agent) {
                    problems.append(.notAMember(agent, queue: queue.extensionNumber, at: source))
                }
                let before = held[queue.id] ?? []
                if Set(before) != Set(wanted.agents) {
                    changes.append(
                        AgentChange(
                            number: number, numberID: id, queue: queue.extensionNumber, queueID: queue.id,
                            before: before, after: wanted.agents, source: wanted.source))
                }
            }
            // Queues the number has agents in that the file does not list: those agents go.
            for (queueID, before) in held where !named.contains(queueID) && !before.isEmpty {
                let queue = byID[queueID]
                changes.append(
                    AgentChange(
                        number: number, numberID: id, queue: queue?.extensionNumber ?? queueID, queueID: queueID,
                        before: before, after: [], source: agents.source))
            }
        }
        self.changes = changes.sorted(by: AgentChange.precedes)
        self.problems = problems.sorted()
        self.warnings = ignoring.map { key, source in .queueIgnoresExclusiveAgents(key.text, at: source) }.sorted()
    }

    /// Agent changes already planned, as a saved plan holds them.
    public init(changes: [AgentChange]) {
        self.changes = changes.sorted(by: AgentChange.precedes)
        problems = []
        warnings = []
    }

    /// Whether nothing changes.
    public var isEmpty: Bool { changes.isEmpty }
}
