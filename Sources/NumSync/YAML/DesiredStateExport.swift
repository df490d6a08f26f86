import FileWriting
import Foundation
import NumSyncCore

/// Turns the server's numbers into desired-state files that load back to exactly the same
/// values: sorted by number, numbers always quoted, descriptions in the style that keeps them
/// exact, `enabled` only where it differs from `defaults`.
///
/// A record a desired-state file cannot hold (a number with spaces at its ends, a control or
/// hidden character, over 64 characters; a description over 1,024) is left out and named, so
/// that the file never fails later. Every export is read back before it is returned: anything
/// that does not load to exactly the records exported is an error, and nothing is written.
public enum DesiredStateExport {
    /// What an export produced.
    public struct Result: Sendable {
        /// The files to write.
        public var files: [File]
        /// Records left out, each with the reason, sorted by number.
        public var refused: [Refusal]
    }

    /// What an export over an existing desired-state file keeps of it: its `defaults` and its
    /// `unmanaged` policies (comments and the order of entries are not kept).
    public struct KeptSettings: Sendable, Hashable {
        /// `defaults.enabled`, if the file set it.
        public var defaultEnabled: Bool?
        /// `unmanaged: POLICY`, if the file set one policy for every list.
        public var unmanaged: UnmanagedPolicy?
        /// Each list's policy from an `unmanaged` mapping, by list key.
        public var unmanagedByList: [String: UnmanagedPolicy]

        /// The settings of a file.
        public init(_ file: DesiredFile) {
            defaultEnabled = file.defaultEnabled?.value
            unmanaged = file.unmanaged?.value
            unmanagedByList = Dictionary(
                file.unmanagedByList.map { ($0.list.key, $0.policy.value) }, uniquingKeysWith: { $1 })
        }

        /// The policy written for a list.
        func policy(of list: PortSIPList) -> UnmanagedPolicy {
            unmanagedByList[list.key] ?? unmanaged ?? .ignore
        }
    }

    /// The settings of the desired-state file at `path` (one file), or why they cannot be kept.
    public static func settings(ofFileAt path: String) -> Swift.Result<KeptSettings, ReadProblem> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(ReadProblem(description: "\(path) cannot be read"))
        }
        let (document, diagnostics) = YAMLReader.read([UInt8](data), file: path)
        guard let document, !diagnostics.containsErrors else {
            return .failure(ReadProblem(description: "\(path) is not a desired-state file numsync can read"))
        }
        let (file, decoded) = DesiredFileDecoder.decode(document)
        guard !decoded.containsErrors else {
            return .failure(ReadProblem(description: "\(path) is not a desired-state file numsync can read"))
        }
        return .success(KeptSettings(file))
    }

    /// Why an existing file's settings cannot be kept.
    public struct ReadProblem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// A server record that cannot be written to a desired-state file.
    public struct Refusal: Sendable, Hashable, CustomStringConvertible {
        /// The record.
        public var record: ObservedRecord
        /// Why.
        public var reason: String
        /// The list it is in.
        public var list: PortSIPList

        /// `record NzAw... ("+1 "): the number has leading or trailing whitespace ...`; a record
        /// of another list than the primary one names its list first.
        public var description: String {
            "\(list.messageQualifier)record \(record.id) (\(record.key.quotedForDisplay)): \(reason); a desired-state file "
                + "cannot hold it, so it is not exported (fix it on the PBX, then export again)"
        }
    }

    /// An export that would not load back as exported: a bug, reported instead of written.
    public struct RoundTripError: Error, CustomStringConvertible {
        /// What differs.
        public var description: String
    }

    /// One file of an export.
    public struct File: Sendable, Hashable {
        /// The file name within the output directory; nil for a single-file export.
        public var name: String?
        /// The YAML text.
        public var text: String
        /// How many numbers it holds.
        public var count: Int
    }

    /// The first line of every export of exclusive numbers alone; also how `--force` recognises
    /// earlier exports.
    public static let headerMarker = "# Exclusive numbers exported by numsync"
    /// The first line of an export of other lists.
    public static let listsHeaderMarker = "# Number lists exported by numsync"
    /// The yaml-language-server modeline the examples and every export carry.
    public static let schemaModeline = "yaml-language-server: $schema=./numsync.schema.json"

    /// Renders an export of one list (see the other `export`).
    public static func export(
        _ observed: [ObservedRecord], of list: PortSIPList, server: String,
        generatedAt: String, splitByPrefix: Int? = nil
    ) throws -> Result {
        try export(
            [list.key: observed], lists: [list], server: server, generatedAt: generatedAt,
            splitByPrefix: splitByPrefix)
    }

    /// Renders the export of `lists` (each list's records by its key), reads it back, and
    /// returns it with the records left out. `splitByPrefix` gives one file per prefix of that
    /// many leading digits, each holding every list's records with that prefix.
    public static func export(
        _ observed: [String: [ObservedRecord]], lists lists: [PortSIPList], server: String,
        generatedAt: String, splitByPrefix: Int? = nil, agents: ExportedAgents? = nil,
        members: ExportedMembers? = nil, keeping kept: KeptSettings? = nil
    ) throws -> Result {
        let lists = lists.filter { !$0.isReadOnly }.sorted { $0.order < $1.order }
        var refused: [Refusal] = []
        var sections: [Section] = []
        for list in lists {
            var own: [Refusal] = []
            let exportable = (observed[list.key] ?? []).filter { record in
                var reasons = list.problems(ofNumber: record.key).map { "the number \($0)" }
                for field in list.valueFields {
                    if let maximum = field.maximumLength, case .string(let text) = record[field],
                        let length = FieldRules.excessLength(text, maximum: maximum)
                    {
                        reasons.append("the \(field.name) is \(length.formattedWithSeparators) characters long")
                    } else if !field.accepts(record[field]) {
                        reasons.append("the \(field.name) is \(record[field]), which a file cannot hold")
                    }
                }
                guard reasons.isEmpty else {
                    own.append(Refusal(record: record, reason: reasons.joined(separator: "; "), list: list))
                    return false
                }
                return true
            }
            own.sort { ObservedRecord.precedes($0.record, $1.record) }
            refused += own
            sections.append(Section(list: list, observed: exportable))
        }
        let files = try render(
            sections, refused: refused, server: server, generatedAt: generatedAt, splitByPrefix: splitByPrefix,
            agents: agents, members: members, kept: kept)
        try checkRoundTrip(files, sections: sections, agents: agents, members: members)
        return Result(files: files, refused: refused)
    }

    /// One list of an export: its records, one per number (the oldest copy, as the planner
    /// manages it), sorted, and the ids of the extra copies.
    private struct Section {
        var list: PortSIPList
        var records: [ObservedRecord]
        var duplicates: [ExactText: [String]]

        init(list: PortSIPList, observed: [ObservedRecord]) {
            self.list = list
            let listing = ServerListing(observed)
            records = listing.managed.values.sorted { $0.key.precedesByBytes($1.key) }
            duplicates = [:]
            for duplicate in listing.duplicates {
                duplicates[ExactText(duplicate.number)] = duplicate.extras.map(\.id)
            }
        }
    }

    /// Loads the files as `numsync plan` would and requires exactly the exported lists and records.
    private static func checkRoundTrip(
        _ files: [File], sections: [Section], agents: ExportedAgents?, members: ExportedMembers?
    ) throws(RoundTripError) {
        let sources = files.map { (name: $0.name ?? "export.yaml", bytes: Array($0.text.utf8)) }
        let loaded = DesiredStateLoader.load(sources: sources)
        guard loaded.succeeded else {
            let first = loaded.diagnostics.first(where: { $0.severity == .error }).map(\.message) ?? "no detail"
            throw RoundTripError(description: "the exported YAML does not load back (\(first)); nothing was written")
        }
        if let members {
            var loadedBack: [String: [String: [Member]]] = [:]
            for group in loaded.state.members {
                loadedBack[group.list.key, default: [:]][group.extensionNumber] = group.members
            }
            let sorted = { (byList: [String: [String: [Member]]]) in
                byList.mapValues { $0.mapValues { Set($0.map { "\($0.extensionNumber):\($0.skillLevel)" }) } }
                    .filter { !$0.value.isEmpty }
            }
            guard sorted(loadedBack) == sorted(members.byList) else {
                throw RoundTripError(
                    description: "the exported YAML does not load back to the server's members; nothing was written")
            }
        }
        let observed = Dictionary(uniqueKeysWithValues: sections.map { ($0.list.key, $0.records) })
        let plan = Plan(desired: loaded.state, observed: observed)
        let lists = plan.lists.map(\.list.key)
        let missing = sections.filter { !$0.records.isEmpty && !lists.contains($0.list.key) }
        guard missing.isEmpty else {
            throw RoundTripError(
                description: "the exported YAML loads back as other lists (\(lists.joined(separator: ", "))); "
                    + "nothing was written")
        }
        if let agents {
            for list in loaded.state.lists where list.list.relations.contains(.exclusiveAgents) {
                let section = sections.first { $0.list.key == list.list.key }
                let ids = Dictionary(
                    (section?.records ?? []).map { (ExactText($0.key), $0.id) }, uniquingKeysWith: { a, _ in a })
                let written = Dictionary(
                    list.agents.map { (ExactText($0.number), $0.agents) }, uniquingKeysWith: { a, _ in a })
                for (number, id) in ids {
                    let exported = agents.byNumberID[id] ?? [:]
                    let loadedBack = written[number].map { agents in
                        Dictionary(uniqueKeysWithValues: agents.queues.map { ($0.queue, Set($0.agents)) })
                    }
                    let expected = exported.mapValues(Set.init).filter { !$0.value.isEmpty }
                    guard loadedBack == expected else {
                        throw RoundTripError(
                            description: "the exported YAML does not load back to the server's exclusive agents of "
                                + "\(number.text.quotedForDisplay); nothing was written")
                    }
                }
            }
        }
        guard plan.isEmpty, plan.lists.allSatisfy(\.unmanaged.isEmpty) else {
            let first =
                plan.changes.first.map { "\($0.action.rawValue) \($0.number.quotedForDisplay)" } ?? "unmanaged"
            throw RoundTripError(
                description:
                    "the exported YAML does not load back to the server's values (\(first)); nothing was written")
        }
    }

    /// Renders the files.
    private static func render(
        _ sections: [Section], refused: [Refusal], server: String, generatedAt: String, splitByPrefix: Int?,
        agents: ExportedAgents?, members: ExportedMembers?, kept: KeptSettings?
    ) throws -> [File] {
        // `defaults.enabled` is what most records have, so that few entries need `enabled`.
        var enabled = 0
        var withEnabled = 0
        for section in sections {
            guard let field = section.list.field(named: "enabled") else { continue }
            withEnabled += section.records.count
            enabled += section.records.filter { $0[field] == .bool(true) }.count
        }
        let hasEnabled = sections.contains { $0.list.field(named: "enabled") != nil }
        let layout = Layout(
            agents: agents, members: members,
            defaultEnabled: hasEnabled ? kept?.defaultEnabled ?? (enabled * 2 >= withEnabled) : nil,
            kept: kept,
            marker: sections.count == 1 && sections[0].list.isPrimary
                ? headerMarker : listsHeaderMarker)
        let total = sections.reduce(0) { $0 + $1.records.count }

        guard let prefixLength = splitByPrefix else {
            let text = try renderFile(
                sections, layout: layout, refused: refused, server: server, generatedAt: generatedAt, total: total)
            return [File(name: nil, text: text, count: total)]
        }
        var groups: [String: [Section]] = [:]
        for section in sections {
            var byPrefix: [String: [ObservedRecord]] = [:]
            for record in section.records {
                let digits = record.key.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }
                let key =
                    digits.count >= prefixLength
                    ? String(String.UnicodeScalarView(digits.prefix(prefixLength))) : "other"
                byPrefix[key, default: []].append(record)
            }
            for (key, records) in byPrefix {
                var part = section
                part.records = records
                groups[key, default: []].append(part)
            }
        }
        // Members with no numbers to split still need a file.
        if groups.isEmpty, layout.members != nil { groups["members"] = sections }
        let keys = groups.keys.sorted()
        return try keys.map { key in
            let group = groups[key]!.sorted { $0.list.order < $1.list.order }
            // Members are written once, in the first file.
            var own = layout
            if key != keys.first { own.members = nil }
            let text = try renderFile(
                group, layout: own, refused: refused, server: server, generatedAt: generatedAt, total: total)
            return File(name: "\(key).yaml", text: text, count: group.reduce(0) { $0 + $1.records.count })
        }
    }

    /// What every file of an export shares: the `defaults` chosen, and the first line.
    private struct Layout {
        /// Every exclusive number's agents, by queue extension number; nil when not exported.
        var agents: ExportedAgents?
        /// The members of the groups exported (written in the first file); nil when none are.
        var members: ExportedMembers?
        /// The value written as `defaults.enabled`; nil when no list has `enabled`.
        var defaultEnabled: Bool?
        /// What is kept of the file the export replaces.
        var kept: KeptSettings?
        /// The first words of the header.
        var marker: String

        /// The value an entry that omits `field` has in the exported file.
        func omitted(_ field: Field, in list: PortSIPList) -> FieldValue {
            if field.name == "enabled", let defaultEnabled { return .bool(defaultEnabled) }
            return field.defaultValue
        }
    }

    private static func renderFile(
        _ sections: [Section], layout: Layout, refused: [Refusal], server: String, generatedAt: String, total: Int
    ) throws -> String {
        let count = sections.reduce(0) { $0 + $1.records.count }
        let policies = sections.map {
            (key: $0.list.key, policy: layout.kept?.policy(of: $0.list) ?? .ignore)
        }
        let notes = sections.flatMap { section in
            section.records.compactMap { record in
                section.duplicates[ExactText(record.key)].map { (record, $0) }
            }
        }
        var header = "\(layout.marker) \(NumSyncVersion.current) from \(server) at \(generatedAt).\n"
        header +=
            sections.isEmpty ? "# " : "# \(count.formattedWithSeparators) of \(total.formattedWithSeparators) numbers. "
        // A kept `unmanaged: disable` or `delete` acts on what the file cannot hold: said, not hidden.
        if policies.contains(where: { $0.policy != .ignore }), !notes.isEmpty || !refused.isEmpty {
            header += "`numsync plan` on this file right after the export changes only what its `unmanaged` "
            header += "policy does to the extra copies and records named below.\n"
        } else {
            header += "`numsync plan` on this file right after the export shows no changes.\n"
        }
        if !notes.isEmpty {
            header +=
                "# Held more than once on the server; exported once, as the oldest copy (the others are unmanaged):\n"
            for (record, extras) in notes {
                header +=
                    "#   \(record.key.quotedForDisplay): id \(record.id) exported; extra ids \(extras.joined(separator: ", "))\n"
            }
        }
        if !refused.isEmpty {
            header += "# Not exported: a desired-state file cannot hold these server records as they are:\n"
            for refusal in refused {
                header += "#   id \(refusal.record.id) \(refusal.record.key.quotedForDisplay): \(refusal.reason)\n"
            }
        }
        if let members = layout.members {
            let counts = PortSIPList.readOnly.compactMap { groups -> String? in
                guard let count = members.byList[groups.key]?.count else { return nil }
                return "\(count.formattedWithSeparators) \(groups.recordName)\(count == 1 ? "" : "s")"
            }
            header += "# With the members of every one of \(counts.joined(separator: " and ")) on the server.\n"
        }
        // The examples' modeline: editors complete and check the file against `numsync schema`.
        header += "# \(schemaModeline)\n"
        header += "#   (write the schema beside this file once: numsync schema > numsync.schema.json)\n"
        var emitter = YAMLEmitter()
        try emitter.streamStart()
        try emitter.documentStart()
        try emitter.mappingStart()
        if let defaultEnabled = layout.defaultEnabled {
            try emitter.scalar("defaults")
            try emitter.mappingStart()
            try emitter.scalar("enabled")
            try emitter.scalar(defaultEnabled ? "true" : "false")
            try emitter.mappingEnd()
        }
        // `ignore`, or the policies of the file the export replaces: one, or one per list. An
        // export of members alone names no list of numbers.
        if !sections.isEmpty { try emitter.scalar("unmanaged") }
        if sections.isEmpty {
        } else if Set(policies.map(\.policy)).count <= 1 {
            try emitter.scalar((policies.first?.policy ?? .ignore).rawValue)
        } else {
            try emitter.mappingStart()
            for (key, policy) in policies {
                try emitter.scalar(key)
                try emitter.scalar(policy.rawValue)
            }
            try emitter.mappingEnd()
        }
        for section in sections {
            let list = section.list
            try emitter.scalar(list.key)
            if section.records.isEmpty {
                try emitter.sequenceStart(flow: true)
            } else {
                try emitter.sequenceStart()
            }
            for record in section.records {
                try emitter.mappingStart()
                try emitter.scalar(list.keyField.name)
                try emitter.scalar(record.key, style: .doubleQuoted)
                for field in list.valueFields
                where field.required || record[field] != layout.omitted(field, in: list) {
                    try emitter.scalar(field.name)
                    switch record[field] {
                    case .bool(let flag): try emitter.scalar(flag ? "true" : "false")
                    case .string(let text): try emitter.scalar(text, style: style(for: text))
                    }
                }
                if list.relations.contains(.exclusiveAgents), let agents = layout.agents {
                    // Every number gets `queues`, `{}` included: hand edits of agents then show as drift.
                    let byQueue = (agents.byNumberID[record.id] ?? [:]).filter { !$0.value.isEmpty }
                    try emitter.scalar(Relation.exclusiveAgents.key)
                    try emitter.mappingStart(flow: byQueue.isEmpty)
                    for queue in byQueue.keys.sorted(by: { $0.precedesByBytes($1) }) {
                        try emitter.scalar(queue, style: .doubleQuoted)
                        try emitter.sequenceStart(flow: true)
                        for agent in byQueue[queue]!.sorted(by: { $0.precedesByBytes($1) }) {
                            try emitter.scalar(agent, style: .doubleQuoted)
                        }
                        try emitter.sequenceEnd()
                    }
                    try emitter.mappingEnd()
                }
                try emitter.mappingEnd()
            }
            try emitter.sequenceEnd()
        }
        if let members = layout.members {
            try emitGroups(members, into: &emitter)
        }
        try emitter.mappingEnd()
        try emitter.documentEnd()
        try emitter.streamEnd()
        return header + emitter.text
    }

    /// `call_queues:` and `ring_groups:`: each group by extension number with its `members`, a
    /// member as its extension number, or `{extension, skill_level}` when its level is not the
    /// default.
    private static func emitGroups(_ members: ExportedMembers, into emitter: inout YAMLEmitter) throws {
        for groups in PortSIPList.readOnly {
            guard let byExtension = members.byList[groups.key] else { continue }
            try emitter.scalar(groups.key)
            try emitter.mappingStart(flow: byExtension.isEmpty)
            for group in byExtension.keys.sorted(by: { $0.precedesByBytes($1) }) {
                try emitter.scalar(group, style: .doubleQuoted)
                try emitter.mappingStart()
                try emitter.scalar(groups.relations[0].key)
                let sorted = byExtension[group]!.sorted { $0.extensionNumber.precedesByBytes($1.extensionNumber) }
                let levelled = sorted.contains { $0.skillLevel != Member.defaultSkillLevel }
                try emitter.sequenceStart(flow: !levelled)
                for member in sorted {
                    if member.skillLevel == Member.defaultSkillLevel {
                        try emitter.scalar(member.extensionNumber, style: .doubleQuoted)
                    } else {
                        try emitter.mappingStart(flow: true)
                        try emitter.scalar("extension")
                        try emitter.scalar(member.extensionNumber, style: .doubleQuoted)
                        try emitter.scalar("skill_level")
                        try emitter.scalar(String(member.skillLevel))
                        try emitter.mappingEnd()
                    }
                }
                try emitter.sequenceEnd()
                try emitter.mappingEnd()
            }
            try emitter.mappingEnd()
        }
    }

    /// Plain when a YAML reader could not take it for anything but text, a literal block for
    /// several lines, quotes otherwise. libyaml falls back to quotes when a style cannot hold
    /// the text exactly.
    static func style(for text: String) -> YAMLEmitter.ScalarStyle {
        if text.contains("\n") { return .literal }
        if looksLikeNonString(text) { return .singleQuoted }
        return .plain
    }

    /// Whether YAML 1.1 or 1.2 readers would take the plain text as null, a boolean, a number
    /// or a date.
    static func looksLikeNonString(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let words: Set<String> = [
            "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n", ".inf", "-.inf", "+.inf", ".nan",
        ]
        if words.contains(lowered) { return true }
        // A date or date-time (`2027-06-30`, `2027-06-30T23:59:59Z`): YAML 1.1 readers take it
        // for a timestamp.
        let leading = Array(text.utf8.prefix(5))
        if leading.count == 5, leading[..<4].allSatisfy({ $0 >= 48 && $0 <= 57 }), leading[4] == 45 { return true }
        guard let first = text.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first) else {
            return false
        }
        let numeric = "0123456789abcdefABCDEFxXoO._+-:eE".unicodeScalars
        return text.unicodeScalars.allSatisfy { numeric.contains($0) }
    }

    /// Writes a split export into `directory`, creating it if needed. A directory that already
    /// holds YAML files is refused unless `replacingEarlierExport`; then only files an earlier
    /// export wrote (they start with `headerMarker`) are removed, and the paths of the others are
    /// returned: they would still add numbers to the desired state.
    public static func write(_ files: [File], toDirectory directory: String, replacingEarlierExport: Bool)
        throws(AtomicFile.WriteError) -> [String]
    {
        let manager = FileManager.default
        var kept: [String] = []
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw AtomicFile.WriteError(description: "\(directory) exists and is not a directory")
            }
            let existing = ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).filter {
                $0.hasSuffix(".yaml") || $0.hasSuffix(".yml")
            }
            if !existing.isEmpty, !replacingEarlierExport {
                throw AtomicFile.WriteError(
                    description: "\(directory) already holds YAML files; pass --force to replace an earlier export")
            }
            let names = Set(files.compactMap(\.name))
            for name in existing.sorted() where !names.contains(name) {
                let path = directory + "/" + name
                let head = manager.contents(atPath: path).map { String(decoding: $0.prefix(200), as: UTF8.self) } ?? ""
                if head.hasPrefix(headerMarker) || head.hasPrefix(listsHeaderMarker) {
                    try? manager.removeItem(atPath: path)
                } else {
                    kept.append(path)
                }
            }
        } else {
            do {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw AtomicFile.WriteError(description: "cannot create \(directory): \(error.localizedDescription)")
            }
        }
        for file in files {
            try AtomicFile.write(file.text, to: directory + "/" + file.name!, overwrite: true)
        }
        return kept
    }
}

/// The exclusive agents an export writes: by number id, by queue extension number.
public struct ExportedAgents: Sendable {
    /// By number id, by queue extension number, the agents' extension numbers.
    public var byNumberID: [String: [String: [String]]]

    /// Creates the agents of an export.
    public init(byNumberID: [String: [String: [String]]]) {
        self.byNumberID = byNumberID
    }
}

/// The members an export writes: by list key (`call_queues`, `ring_groups`), by group extension
/// number, the members with their skill levels.
public struct ExportedMembers: Sendable, Hashable {
    /// By list key, by group extension number, the members.
    public var byList: [String: [String: [Member]]]

    /// Creates the members of an export.
    public init(byList: [String: [String: [Member]]]) {
        self.byList = byList
    }

    /// How many groups it holds.
    public var groupCount: Int { byList.values.reduce(0) { $0 + $1.count } }
}
