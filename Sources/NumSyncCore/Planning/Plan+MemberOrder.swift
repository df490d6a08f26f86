// Exclusive agents are chosen from a queue's members: within one apply, a queue's new members
// are added before the exclusive agents that need them are set, and its old members are removed
// only after the exclusive agents that name them are gone.

extension Plan {
    /// The plan with the changes of call queues' members and of exclusive agents ordered by
    /// dependencies. A member change that adds members some agent changes need and removes others
    /// is carried out in two parts: first the members it adds (and skill levels it changes), then
    /// the removals.
    public func orderingMembersAndAgents() -> Plan {
        guard let queuesIndex = lists.firstIndex(where: { $0.list.key == PortSIPList.callQueues.key }),
            let agentsIndex = lists.firstIndex(where: { $0.relations.contains(.exclusiveAgents) })
        else { return self }
        var plan = self
        var agentChanges = plan.lists[agentsIndex].changes
        var memberChanges: [Change] = []
        for member in plan.lists[queuesIndex].changes {
            guard let change = member.relationChange, change.relation == .queueMembers else {
                memberChanges.append(member)
                continue
            }
            let added = Set(change.added.map(ExactText.init))
            let removed = Set(change.removed.map(ExactText.init))
            // Agent changes in this queue that set an agent the member change adds, and those
            // that drop an agent it removes.
            var needing: [Int] = []
            var naming: [Int] = []
            for (index, agents) in agentChanges.enumerated() {
                guard let relation = agents.relationChange, relation.relation == .exclusiveAgents,
                    let queue = relation.target, queue.isByteEqual(to: member.number)
                else { continue }
                if relation.added.contains(where: { added.contains(ExactText($0)) }) { needing.append(index) }
                if relation.removed.contains(where: { removed.contains(ExactText($0)) }) { naming.append(index) }
            }
            // A change that adds members some agents need and removes others runs in two parts,
            // so that those agents wait on the additions alone: the removals may wait on other
            // agents, and a PBX whose "set" only adds keeps them.
            if !needing.isEmpty, !removed.isEmpty {
                var adding = member
                adding.part = 1
                adding.scope = .relation(
                    RelationChange(
                        relation: change.relation, target: nil, targetID: nil, before: change.before,
                        after: change.before + change.added,
                        levelsBefore: change.levelsBefore,
                        levelsAfter: change.levelsBefore.merging(
                            change.levelsAfter, uniquingKeysWith: { _, wanted in wanted })
                    ))
                var removing = member
                removing.part = 2
                removing.scope = .relation(
                    RelationChange(
                        relation: change.relation, target: nil, targetID: nil, before: change.before + change.added,
                        after: change.after,
                        levelsBefore: change.levelsAfter.merging(
                            change.levelsBefore, uniquingKeysWith: { wanted, _ in wanted }),
                        levelsAfter: change.levelsAfter))
                removing.dependencies.append(adding.key)
                removing.dependencies += naming.map { agentChanges[$0].key }
                for index in needing { agentChanges[index].dependencies.append(adding.key) }
                memberChanges += [adding, removing]
            } else {
                var ordered = member
                // A second part saved in a plan follows its first.
                if member.part == 2 {
                    var first = member.key
                    first.part = 1
                    ordered.dependencies.append(first)
                }
                ordered.dependencies += naming.map { agentChanges[$0].key }
                for index in needing { agentChanges[index].dependencies.append(member.key) }
                memberChanges.append(ordered)
            }
        }
        plan.lists[agentsIndex].changes = agentChanges
        plan.lists[queuesIndex].changes = memberChanges.sorted(by: Change.precedes)
        return plan
    }
}

extension Change {
    /// The changes with the two parts of each change carried out in two joined back into one
    /// (from the first part's value before to the second's after): what differs, for drift,
    /// rather than how an apply orders it. Other changes are kept as they are, in order.
    public static func joiningParts(_ changes: [Change]) -> [Change] {
        var joined: [Change] = []
        var firstParts: [Key: Int] = [:]
        for change in changes {
            var key = change.key
            key.part = 0
            switch change.part {
            case 1:
                firstParts[key] = joined.count
                var whole = change
                whole.part = 0
                joined.append(whole)
            case 2:
                guard let index = firstParts[key], let first = joined[index].relationChange,
                    let second = change.relationChange
                else {
                    joined.append(change)
                    continue
                }
                joined[index].scope = .relation(
                    RelationChange(
                        relation: first.relation, target: first.target, targetID: first.targetID,
                        before: first.before, after: second.after, levelsBefore: first.levelsBefore,
                        levelsAfter: second.levelsAfter))
                joined[index].dependencies = []
            default:
                joined.append(change)
            }
        }
        return joined
    }
}
