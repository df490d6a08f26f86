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
        ownerKey: "exclusive_numbers", key: "queues", name: "exclusive agents", itemName: "agent",
        summary: "The number's exclusive agents, queue by queue (extension numbers). Present: managed completely (a "
            + "queue not listed has none); absent: left as they are.",
        target: .callQueues,
        value: .extensions, targetsPath: "exclusive_numbers/{id}/call_queues",
        valuePath: "exclusive_numbers/{id}/call_queues/{target}/agents",
        clearPath: "exclusive_numbers/{id}/call_queues/{target}/destroy", changesKey: "agent_changes")
}

extension RelationPlan {
    /// What must change in the exclusive agents of the numbers whose entries have `queues`: a
    /// pure function of those entries, the server's numbers, its queues and the agents it holds.
    ///
    /// A queue the PBX does not have and an agent that is not a member of its queue are errors at
    /// their place in the file; a queue that rings every agent at once (which ignores exclusive
    /// agents) is a warning. Numbers without `queues` are not looked at.
    ///
    /// - Parameters:
    ///   - desired: each exclusive number's entry with its agents, for entries that have `queues`.
    ///   - ids: the server id of each number that exists (the managed copy); a number without one
    ///     is created by the plan, and its agent changes depend on that create.
    ///   - queues: the PBX's call queues.
    ///   - observed: by number id, by queue id, the agents the number has there.
    public static func exclusiveAgents(
        desired: [(number: String, agents: DesiredAgents)], ids: [ExactText: String], queues: [CallQueue],
        observed: [String: [String: [String]]]
    ) -> RelationPlan {
        let relation = Relation.exclusiveAgents
        let owner = relation.owner
        var byExtension: [ExactText: CallQueue] = [:]
        var byID: [String: CallQueue] = [:]
        for queue in queues {
            byExtension[ExactText(queue.extensionNumber)] = queue
            byID[queue.id] = queue
        }
        var changes: [Change] = []
        var problems: [Diagnostic] = []
        var ignoring: [ExactText: SourceLocation] = [:]
        func change(
            _ number: String, _ id: String?, _ queue: String, _ queueID: String, _ before: [String],
            _ after: [String], _ source: SourceLocation
        ) -> Change {
            .relation(
                RelationChange(relation: relation, target: queue, targetID: queueID, before: before, after: after),
                of: number, id: id, in: owner, source: source)
        }
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
                    problems.append(
                        queue.membersArePlanned
                            ? .notAMemberAfterPlan(agent, queue: queue.extensionNumber, at: source)
                            : .notAMember(agent, queue: queue.extensionNumber, at: source))
                }
                let before = held[queue.id] ?? []
                if Set(before) != Set(wanted.agents) {
                    changes.append(
                        change(number, id, queue.extensionNumber, queue.id, before, wanted.agents, wanted.source))
                }
            }
            // Queues the number has agents in that the file does not list: those agents go.
            for (queueID, before) in held where !named.contains(queueID) && !before.isEmpty {
                let queue = byID[queueID]
                changes.append(
                    change(number, id, queue?.extensionNumber ?? queueID, queueID, before, [], agents.source))
            }
        }
        return RelationPlan(
            relation: relation, changes: changes, problems: problems,
            warnings: ignoring.map { key, source in .queueIgnoresExclusiveAgents(key.text, at: source) })
    }
}
