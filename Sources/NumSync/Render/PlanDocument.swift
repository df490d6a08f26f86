import Foundation
import NumSyncCore

/// The JSON form of a plan: what `plan --format json` prints and `plan --out` saves, and what
/// `apply --plan` reads back. Versioned by `format_version`; see docs/json-formats.md.
public struct PlanDocument: Codable, Sendable, Hashable {
    /// One change.
    struct RecordChangeEntry: Codable, Hashable, Sendable {
        var action: String
        var collection: String
        var number: String
        var id: String?
        /// The fields sent, by name.
        var send: [String: JSONFieldValue]
        var changes: [JSONChange]
        /// The server record the change was computed from (absent for creates).
        var observed: JSONRecord?
        var source: JSONSource?
        /// For a change on an extra copy of a duplicated number: the copy it keeps.
        var keeps: JSONRecord?
    }

    /// One change of a number's exclusive agents in one queue.
    struct AgentChangeEntry: Codable, Hashable, Sendable {
        var number: String
        /// Absent when the plan creates the number.
        var number_id: String?
        var queue: String
        var queue_id: String
        /// The agents the number has in the queue (sorted); `apply --plan` refuses if they changed.
        var before: [String]
        /// The agents wanted (sorted).
        var after: [String]
        var source: JSONSource

        /// The entry of a change of exclusive agents; nil for any other change.
        init?(_ change: Change) {
            guard let relation = change.relationChange, relation.relation == .exclusiveAgents,
                let source = change.source, let target = relation.target, let targetID = relation.targetID
            else { return nil }
            number = change.number
            number_id = change.id
            queue = target
            queue_id = targetID
            before = relation.before
            after = relation.after
            self.source = JSONSource(source)
        }
    }

    /// One change of the members of a call queue or ring group.
    struct MemberChangeEntry: Codable, Hashable, Sendable {
        /// `call_queues` or `ring_groups`.
        var list: String
        /// The group's extension number.
        var `extension`: String
        var group_id: String
        /// 1 or 2 for the parts of a change carried out in two (around exclusive agents); absent
        /// otherwise.
        var part: Int?
        /// The members the group has (sorted); `apply --plan` refuses if they changed.
        var before: [JSONMember]
        /// The members wanted (sorted).
        var after: [JSONMember]
        var source: JSONSource

        /// The entry of a change of members; nil for any other change.
        init?(_ change: Change) {
            guard let relation = change.relationChange, relation.relation.value == .members, let id = change.id,
                let source = change.source
            else { return nil }
            list = change.list.key
            `extension` = change.number
            group_id = id
            part = change.part == 0 ? nil : change.part
            before = relation.before.map { JSONMember($0, level: relation.levelsBefore[$0]) }
            after = relation.after.map { JSONMember($0, level: relation.levelsAfter[$0]) }
            self.source = JSONSource(source)
        }
    }

    /// A member: its extension number and skill level.
    struct JSONMember: Codable, Hashable, Sendable {
        var extension_number: String
        var skill_level: Int

        init(_ extensionNumber: String, level: Int?) {
            extension_number = extensionNumber
            skill_level = level ?? Member.defaultSkillLevel
        }
    }

    struct Summary: Codable, Hashable, Sendable {
        var create: Int
        var update: Int
        var disable: Int
        var delete: Int
        var unchanged: Int
        var unmanaged: Int
        var duplicates: Int

        init(_ summary: PlanSummary) {
            create = summary.create
            update = summary.update
            disable = summary.disable
            delete = summary.delete
            unchanged = summary.unchanged
            unmanaged = summary.unmanaged
            duplicates = summary.duplicates
        }
    }

    struct Desired: Codable, Hashable, Sendable {
        var files: [String]
        var digest: String?
        var numbers: Int
        var unmanaged_policy: String
        /// Each list's policy, by list key.
        var unmanaged_policies: [String: String]?
    }

    /// The policy's verdict when the plan was made (`--policy`).
    struct PolicyEntry: Codable, Hashable, Sendable {
        /// A rule the plan breaks.
        struct Violation: Codable, Hashable, Sendable {
            var list: String
            var rule: String
            /// The limit or the pattern, as written.
            var value: String
            var source: JSONSource
            var reason: String
            /// The numbers (or group extensions, or members) that break it.
            var numbers: [String]
        }

        var file: String
        var rules_checked: Int
        var violations: [Violation]

        init(_ verdict: PolicyVerdict) {
            file = verdict.file
            rules_checked = verdict.rulesChecked
            violations = verdict.violations.map {
                Violation(
                    list: $0.rule.list.key, rule: $0.rule.kind.rawValue,
                    value: $0.rule.kind.isLimit ? String($0.rule.limit) : $0.rule.pattern,
                    source: JSONSource($0.rule.source), reason: $0.reason, numbers: $0.numbers)
            }
        }
    }

    /// Why apply would refuse the plan: the safety threshold's verdict when the plan was made.
    struct RefusalEntry: Codable, Hashable, Sendable {
        var reason: String
        /// The list it is about.
        var list: String
        /// Records the plan touches, each once.
        var changed: Int
        /// Records of the list on the server.
        var total: Int
        var percent: Double
        /// The --max-change-percent it is above.
        var threshold: Int
        /// Whether --force was given over it.
        var forced: Bool

        init(_ refusal: SafetyRefusal, forced: Bool) {
            reason = refusal.reason
            list = refusal.list.key
            changed = refusal.touched
            total = refusal.serverCount
            percent = refusal.percent
            threshold = refusal.threshold.maxChangePercent
            self.forced = forced
        }
    }

    var format_version: Int
    var kind: String
    var numsync_version: String
    var server: String
    /// When the plan was made (RFC 3339, UTC); absent in plans printed rather than saved, and in
    /// plans from before numsync recorded it. `apply --max-plan-age` reads it.
    var created_at: String?
    /// The PBX's version when the plan was made; absent when it does not say. `apply --plan`
    /// warns when it differs from the version then.
    var server_version: String?
    var desired: Desired
    var summary: Summary
    /// Each list's counts, by list key (absent in plans written before there were several).
    var lists: [String: Summary]?
    var operations: [RecordChangeEntry]
    /// Changes of exclusive agents, after `operations` (absent when no entry has `queues`).
    var agent_changes: [AgentChangeEntry]?
    /// Changes of call queues' and ring groups' members, after `agent_changes` (absent when no
    /// file gives members).
    var member_changes: [MemberChangeEntry]?
    var unmanaged: [JSONRecord]
    var duplicates: [JSONDuplicate]
    /// Present when apply would refuse the plan (or --force was given over a refusal).
    var refusal: RefusalEntry?
    /// Present when the plan was checked against a policy file.
    var policy: PolicyEntry?

    /// The document for a plan.
    public init(plan: Plan, context: PlanContext) {
        let summary = plan.summary
        format_version = NumSyncVersion.planFormatVersion
        kind = "plan"
        numsync_version = NumSyncVersion.current
        server = context.server
        created_at = context.createdAt
        server_version = context.serverVersion
        desired = Desired(
            files: context.files, digest: context.digest, numbers: context.desiredCount,
            unmanaged_policy: Set(plan.lists.filter { !$0.list.isReadOnly }.map(\.policy.unmanaged)).count > 1
                ? "per-list" : plan.lists.first?.policy.unmanaged.rawValue ?? UnmanagedPolicy.ignore.rawValue,
            unmanaged_policies: Dictionary(
                uniqueKeysWithValues: plan.lists.filter { !$0.list.isReadOnly }.map {
                    ($0.list.key, $0.policy.unmanaged.rawValue)
                }))
        self.summary = Summary(summary)
        lists = Dictionary(uniqueKeysWithValues: plan.lists.map { ($0.list.key, Summary($0.summary)) })
        operations = plan.changes.filter(\.isRecordChange).map { change in
            RecordChangeEntry(
                action: change.action.rawValue, collection: change.list.path, number: change.number,
                id: change.id,
                send: Dictionary(
                    uniqueKeysWithValues: change.assignments.map { ($0.field.rawValue, JSONFieldValue($0.value)) }),
                changes: change.fieldChanges.map {
                    JSONChange(
                        field: $0.field.rawValue, before: JSONFieldValue($0.before), after: JSONFieldValue($0.after))
                },
                observed: change.observed.map { JSONRecord($0, in: change.list) },
                source: change.source.map(JSONSource.init),
                keeps: change.keeps.map { JSONRecord($0, in: change.list) })
        }
        // The relation's changes, under the relation's key, beside `operations`.
        agent_changes =
            plan.lists.contains { $0.relations.contains(.exclusiveAgents) }
            ? plan.changes.compactMap(AgentChangeEntry.init) : nil
        member_changes =
            plan.lists.contains { $0.list.isReadOnly }
            ? plan.changes.compactMap(MemberChangeEntry.init) : nil
        unmanaged = plan.lists.flatMap { list in
            list.unmanaged.map { JSONRecord($0, in: list.list, named: true) }
        }
        duplicates = plan.lists.flatMap { list in list.duplicates.map { JSONDuplicate($0, in: list.list) } }
        refusal = context.refusal.map { RefusalEntry($0, forced: context.forced) }
        policy = context.policy.map(PolicyEntry.init)
    }

    /// Pretty, key-sorted JSON, ending with a newline.
    public func encoded() -> String {
        JSONOutput.encode(self)
    }

    /// Reads a saved plan; the error says what is wrong with it.
    public static func decode(_ bytes: [UInt8], path: String) throws(SavedPlanError) -> PlanDocument {
        struct Header: Decodable {
            var format_version: Int?
            var kind: String?
            var numsync_version: String?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes)) else {
            throw .unreadable(path, "not a JSON plan written by numsync plan --out")
        }
        guard header.kind == "plan" else {
            throw .unreadable(path, "not a numsync plan (kind is \(header.kind ?? "missing"))")
        }
        guard header.format_version == NumSyncVersion.planFormatVersion else {
            throw .incompatible(
                path,
                "plan format \(header.format_version.map(String.init) ?? "unknown") written by numsync "
                    + "\(header.numsync_version ?? "unknown"); this numsync (\(NumSyncVersion.current)) reads format "
                    + "\(NumSyncVersion.planFormatVersion). Make a new plan.")
        }
        do {
            return try JSONDecoder().decode(PlanDocument.self, from: Data(bytes))
        } catch {
            throw .unreadable(path, "damaged plan file (\(error))")
        }
    }

    /// The changes, rebuilt exactly as planned, after checking them as strictly as a
    /// desired-state file: known actions and fields, values of the right type within PortSIP's
    /// limits, and each change consistent with itself and the others
    /// (`Change.inconsistencies(in:)`). Every problem is reported, each naming its change.
    public func planChanges(path: String) throws(SavedPlanError) -> [Change] {
        var problems: [String] = []
        var rebuilt: [Change] = []
        var positions: [Int] = []
        for (index, entry) in operations.enumerated() {
            let label = "operations[\(index)] (\(entry.action) \(entry.number.quotedForDisplay))"
            var entryProblems: [String] = []
            let action = Change.Action(rawValue: entry.action)
            if action == nil { entryProblems.append("\(label): unknown action \(entry.action.quotedForDisplay)") }
            guard let list = PortSIPList.all.first(where: { $0.path == entry.collection }) else {
                problems.append("\(label): unknown list \(entry.collection.quotedForDisplay)")
                continue
            }
            var assignments: [Change.Assignment] = []
            for name in entry.send.keys.sorted() {
                guard let field = list.field(named: name) else {
                    entryProblems.append("\(label): sends unknown field \(name.quotedForDisplay)")
                    continue
                }
                assignments.append(Change.Assignment(field, entry.send[name]!.value))
            }
            assignments.sort { $0.field.position < $1.field.position }
            var changes: [FieldChange] = []
            for change in entry.changes {
                guard let field = list.field(named: change.field) else {
                    entryProblems.append("\(label): changes unknown field \(change.field.quotedForDisplay)")
                    continue
                }
                changes.append(FieldChange(field: field, before: change.before.value, after: change.after.value))
            }
            let observed = entry.observed.map { $0.observed(in: list) }
            let keeps = entry.keeps.map { $0.observed(in: list) }
            if observed == .some(nil) || keeps == .some(nil) {
                entryProblems.append(
                    "\(label): a record it names lacks one of the \(list.key) fields, or has one of the wrong type"
                )
            }
            problems += entryProblems
            guard let action, entryProblems.isEmpty else { continue }
            positions.append(index)
            rebuilt.append(
                Change(
                    action: action, list: list, number: entry.number, id: entry.id,
                    assignments: assignments, fieldChanges: changes, observed: observed ?? nil,
                    source: entry.source?.location, keeps: keeps ?? nil))
        }
        for var inconsistency in Change.inconsistencies(in: rebuilt) {
            inconsistency.index = positions[inconsistency.index]
            problems.append(inconsistency.description)
        }
        guard problems.isEmpty else { throw .inconsistent(path, problems) }
        return rebuilt
    }

    /// The changes of relations (exclusive agents), checked: extension numbers only, each number
    /// and queue once, and a number without an id created by the plan's own changes.
    public func planRelationChanges(path: String, creates changes: [Change]) throws(SavedPlanError) -> [Change] {
        let relation = Relation.exclusiveAgents
        var problems: [String] = []
        var rebuilt: [Change] = []
        var seen = Set<String>()
        let created = Set(
            changes.filter { $0.action == .create && $0.list.key == relation.ownerKey }.map {
                ExactText($0.number)
            })
        // One id per number and one number per id, across the agent changes and the plan's own
        // changes of the same records; the same for queues.
        var numberIDs = Pairing(
            changes.filter { $0.list.key == relation.ownerKey }.compactMap { change in
                change.id.map { (change.number, $0, "operations") }
            })
        var queueIDs = Pairing([])
        for (index, entry) in (agent_changes ?? []).enumerated() {
            let label =
                "agent_changes[\(index)] (\(entry.number.quotedForDisplay) queue \(entry.queue.quotedForDisplay))"
            var entryProblems: [String] = []
            for agent in entry.before + entry.after where !DesiredAgents.isExtension(agent) {
                entryProblems.append("\(label): \(agent.quotedForDisplay) is not an extension number")
            }
            if !DesiredAgents.isExtension(entry.queue) {
                entryProblems.append("\(label): the queue is not an extension number")
            }
            if Set(entry.before) == Set(entry.after) { entryProblems.append("\(label): changes nothing") }
            if Set(entry.after).count != entry.after.count { entryProblems.append("\(label): names an agent twice") }
            if !seen.insert(entry.number + "\u{0}" + entry.queue_id).inserted {
                entryProblems.append("\(label): the same number and queue twice")
            }
            if entry.number_id == nil, !created.contains(ExactText(entry.number)) {
                entryProblems.append("\(label): has no number id, and the plan does not create the number")
            }
            if entry.number_id != nil, created.contains(ExactText(entry.number)) {
                entryProblems.append("\(label): names an id for a number the plan creates")
            }
            if let id = entry.number_id, let clash = numberIDs.add(entry.number, id, "agent_changes[\(index)]") {
                entryProblems.append("\(label): number_id \(id.quotedForDisplay) \(clash)")
            }
            if let clash = queueIDs.add(entry.queue, entry.queue_id, "agent_changes[\(index)]") {
                entryProblems.append("\(label): queue_id \(entry.queue_id.quotedForDisplay) \(clash)")
            }
            problems += entryProblems
            guard entryProblems.isEmpty else { continue }
            rebuilt.append(
                .relation(
                    RelationChange(
                        relation: relation, target: entry.queue, targetID: entry.queue_id, before: entry.before,
                        after: entry.after),
                    of: entry.number, id: entry.number_id, in: relation.owner, source: entry.source.location))
        }
        for (index, entry) in (member_changes ?? []).enumerated() {
            let label = "member_changes[\(index)] (\(entry.list) \(entry.extension.quotedForDisplay))"
            var entryProblems: [String] = []
            guard let groups = PortSIPList.readOnly.first(where: { $0.key == entry.list }) else {
                problems.append("\(label): unknown list \(entry.list.quotedForDisplay)")
                continue
            }
            for member in entry.before + entry.after where !DesiredAgents.isExtension(member.extension_number) {
                entryProblems.append("\(label): \(member.extension_number.quotedForDisplay) is not an extension number")
            }
            for member in entry.before + entry.after where !Member.skillLevels.contains(member.skill_level) {
                entryProblems.append("\(label): skill level \(member.skill_level) is not from 1 to 100")
            }
            if !DesiredAgents.isExtension(entry.extension) {
                entryProblems.append("\(label): the group is not an extension number")
            }
            if Set(entry.after.map(\.extension_number)).count != entry.after.count {
                entryProblems.append("\(label): names a member twice")
            }
            if ![nil, 1, 2].contains(entry.part) { entryProblems.append("\(label): part must be 1 or 2") }
            let change = RelationChange(
                relation: groups.relations[0],
                from: entry.before.map { Member(extensionNumber: $0.extension_number, skillLevel: $0.skill_level) },
                to: entry.after.map { Member(extensionNumber: $0.extension_number, skillLevel: $0.skill_level) })
            if !change.changesSomething { entryProblems.append("\(label): changes nothing") }
            if !seen.insert(entry.list + "\u{0}" + entry.group_id + "\u{0}\(entry.part ?? 0)").inserted {
                entryProblems.append("\(label): the same group twice")
            }
            problems += entryProblems
            guard entryProblems.isEmpty else { continue }
            var rebuiltChange = Change.relation(
                change, of: entry.extension, id: entry.group_id, in: groups, source: entry.source.location)
            rebuiltChange.part = entry.part ?? 0
            rebuilt.append(rebuiltChange)
        }
        guard problems.isEmpty else { throw .inconsistent(path, problems) }
        return rebuilt
    }

    /// Keys and ids that must pair one to one: a number (or queue) and its id.
    private struct Pairing {
        private var idOfKey: [ExactText: (id: String, place: String)] = [:]
        private var keyOfID: [ExactText: (key: String, place: String)] = [:]

        init(_ pairs: [(key: String, id: String, place: String)]) {
            for pair in pairs { _ = add(pair.key, pair.id, pair.place) }
        }

        /// Records a pair; says how it clashes with an earlier one, or nil.
        mutating func add(_ key: String, _ id: String, _ place: String) -> String? {
            if let earlier = keyOfID[ExactText(id)], !earlier.key.isByteEqual(to: key) {
                return "is given for \(earlier.key.quotedForDisplay) too (\(earlier.place))"
            }
            if let earlier = idOfKey[ExactText(key)], !earlier.id.isByteEqual(to: id) {
                return "differs from \(earlier.id.quotedForDisplay), its id in \(earlier.place)"
            }
            idOfKey[ExactText(key)] = (id, place)
            keyOfID[ExactText(id)] = (key, place)
            return nil
        }
    }

    /// The server the plan was made for.
    public var serverURL: String { server }
    /// When the plan was made, as recorded; nil when it records no time.
    public var createdAt: String? { created_at }
    /// The PBX's version when the plan was made, as recorded.
    public var serverVersion: String? { server_version }
    /// The digest of the desired files the plan was made from.
    public var desiredDigest: String? { desired.digest }
    /// The files the plan was made from.
    public var desiredFiles: [String] { desired.files }
    /// How many entries the files held.
    public var desiredNumbers: Int { desired.numbers }
}

/// Why a saved plan cannot be used.
public enum SavedPlanError: Error, Sendable, CustomStringConvertible {
    /// Not a plan, or damaged.
    case unreadable(String, String)
    /// Written by an incompatible version.
    case incompatible(String, String)
    /// Its changes do not add up: each line names a change and what is wrong with it.
    case inconsistent(String, [String])

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return path.isEmpty ? reason : "\(path): \(reason)"
        case .incompatible(let path, let reason): return "\(path): \(reason)"
        case .inconsistent(let path, let problems):
            return "\(path): the saved plan cannot be applied as written (nothing was sent):\n"
                + problems.map { "  \($0)" }.joined(separator: "\n")
        }
    }
}

/// Deterministic JSON text for every document numsync prints.
enum JSONOutput {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain documents cannot fail.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
