import NumSyncCore

/// The JSON form of a drift report (`drift --format json`).
public struct DriftDocument: Encodable, Sendable {
    struct Changed: Codable, Sendable {
        var collection: String
        var number: String
        var id: String
        var fields: [Field]
        var source: JSONSource?

        struct Field: Codable, Sendable {
            var field: String
            var server: JSONFieldValue
            var desired: JSONFieldValue
        }
    }

    /// A wanted record: every field by name, and where it is written.
    struct Missing: Encodable, Sendable {
        var collection: String
        var fields: [String: JSONFieldValue]
        var source: JSONSource

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: JSONKey.self)
            try container.encode(collection, forKey: JSONKey("collection"))
            for (name, value) in fields { try container.encode(value, forKey: JSONKey(name)) }
            try container.encode(source, forKey: JSONKey("source"))
        }
    }

    struct Summary: Codable, Sendable {
        var changed: Int
        var missing: Int
        var unmanaged: Int
        var duplicates: Int
        var in_sync: Int
        /// Changes of exclusive agents (a number's agents in one queue); absent where no entry
        /// has `queues`.
        var agent_changes: Int?
        /// Call queues or ring groups whose members differ; absent where the files give none.
        var member_changes: Int?
    }

    var format_version: Int
    var kind: String
    var numsync_version: String
    var server: String
    var drifted: Bool
    var ignore_unmanaged: Bool
    var summary: Summary
    /// Each list's counts, by list key.
    var lists: [String: Summary]
    var changed: [Changed]
    /// Exclusive agents that differ (absent when no entry has `queues`).
    var agent_changes: [PlanDocument.AgentChangeEntry]?
    /// Members that differ, a group each (absent when no file gives members).
    var member_changes: [PlanDocument.MemberChangeEntry]?
    var missing: [Missing]
    var unmanaged: [JSONRecord]
    var duplicates: [JSONDuplicate]

    /// The document for a report.
    public init(_ report: DriftReport, server: String) {
        format_version = 1
        kind = "drift"
        numsync_version = NumSyncVersion.current
        self.server = server
        drifted = report.hasDrift
        ignore_unmanaged = report.lists.first?.ignoresUnmanaged ?? false
        var lists: [String: Summary] = [:]
        for list in report.lists {
            let members = list.list.isReadOnly
            lists[list.list.key] = Summary(
                changed: list.changed.count, missing: list.missing.count, unmanaged: list.unmanaged.count,
                duplicates: list.duplicates.count, in_sync: list.inSyncCount,
                agent_changes: members ? nil : list.relationChanges?.count,
                member_changes: members ? list.relationChanges?.count : nil)
        }
        self.lists = lists
        var total = Summary(changed: 0, missing: 0, unmanaged: 0, duplicates: 0, in_sync: 0)
        for list in lists.values {
            total.changed += list.changed
            total.missing += list.missing
            total.unmanaged += list.unmanaged
            total.duplicates += list.duplicates
            total.in_sync += list.in_sync
            if let agents = list.agent_changes { total.agent_changes = (total.agent_changes ?? 0) + agents }
            if let members = list.member_changes { total.member_changes = (total.member_changes ?? 0) + members }
        }
        summary = total
        changed = []
        agent_changes = nil
        missing = []
        unmanaged = []
        duplicates = []
        for list in report.lists { add(list) }
    }

    private mutating func add(_ report: ListDrift) {
        let list = report.list
        if let relationChanges = report.relationChanges {
            if list.isReadOnly {
                member_changes =
                    (member_changes ?? []) + relationChanges.compactMap(PlanDocument.MemberChangeEntry.init)
            } else {
                agent_changes = (agent_changes ?? []) + relationChanges.compactMap(PlanDocument.AgentChangeEntry.init)
            }
        }
        changed += report.changed.map { change in
            Changed(
                collection: list.key, number: change.number, id: change.id,
                fields: change.fields.map {
                    Changed.Field(
                        field: $0.field.rawValue, server: JSONFieldValue($0.before), desired: JSONFieldValue($0.after))
                }, source: change.source.map(JSONSource.init))
        }
        missing += report.missing.map { wanted in
            Missing(
                collection: list.key,
                fields: Dictionary(
                    uniqueKeysWithValues: list.fields.map { ($0.name, JSONFieldValue(wanted[$0])) }),
                source: JSONSource(wanted.source))
        }
        unmanaged += report.unmanaged.map { JSONRecord($0, in: list, named: true) }
        duplicates += report.duplicates.map { JSONDuplicate($0, in: list) }
    }

    /// Pretty, key-sorted JSON.
    public func encoded() -> String { JSONOutput.encode(self) }
}
