/// Turns one YAML document into a `DesiredFile`, collecting every problem instead of stopping
/// at the first.
///
/// The entries' keys, their types and limits come from the list's declaration
/// (`PortSIPList`); nothing here names a field of a list.
public struct DesiredFileDecoder {
    /// The list a file that names none is about, and the one messages about files name.
    public static let defaultList = PortSIPList.primary
    /// The top-level keys of a desired-state file.
    public static let topLevelKeys =
        ["defaults", "unmanaged"] + PortSIPList.all.map(\.key) + PortSIPList.readOnly.map(\.key)
    /// The keys of `defaults`.
    public static let defaultsKeys = ["enabled"]
    /// The keys of an entry of `list`.
    public static func entryKeys(of list: PortSIPList) -> [String] {
        list.fields.map(\.name) + list.relations.map(\.key)
    }

    let document: YAMLDocument
    /// The list whose entries are being decoded, and what the hot loop needs of it.
    private var schema = ListSchema(Self.defaultList)
    var file: DesiredFile
    var diagnostics: [Diagnostic] = []

    /// What decoding one list's entries needs, read once from its declaration.
    private struct ListSchema {
        let list: PortSIPList
        /// What the hot loop needs of each field (aligned with `list.fields`), with nothing
        /// reference-counted in it: every key of every entry is looked up here.
        let slots: [Slot]
        /// The key field's limit, for the byte-wise fast path.
        let maximumNumberLength: Int
        /// The key field's pattern, if it has one.
        let pattern: TextPattern?
        /// The position of the value `defaults` covers, if the list has it.
        let defaultedPosition: Int?
        /// The positions of the fields every entry must give, other than the key.
        let requiredPositions: [Int]
        /// The field names, aligned with `slots`.
        let names: [String]
        /// The values of an entry that gives nothing but its number.
        let defaultValues: FieldValues

        init(_ list: PortSIPList) {
            self.list = list
            slots = list.fields.map {
                Slot(length: $0.name.utf8.count, position: $0.position, kind: SlotKind($0.kind))
            }
            maximumNumberLength = list.keyField.maximumLength ?? Int.max
            pattern = list.keyField.pattern
            defaultedPosition = list.field(named: "enabled")?.position
            requiredPositions = list.valueFields.filter(\.required).map(\.position)
            names = list.fields.map(\.name)
            defaultValues = list.defaultValues
        }
    }

    private struct Slot {
        var length: Int
        var position: Int
        var kind: SlotKind
    }

    /// A field's kind without its payloads that are reference-counted (a choice's words), so
    /// that a slot is plain bytes: reading one in the hot loop retains nothing. `scripts/bench`
    /// measured the difference: about 8 ms of decode time on 100,000 entries.
    private enum SlotKind {
        case text(maximumLength: Int)
        case bool
        case choice
        case timestamp

        init(_ kind: Field.Kind) {
            switch kind {
            case .text(let maximumLength): self = .text(maximumLength: maximumLength)
            case .bool: self = .bool
            case .choice: self = .choice
            case .timestamp: self = .timestamp
            }
        }
    }

    private var list: PortSIPList { schema.list }

    private init(document: YAMLDocument) {
        self.document = document
        self.file = DesiredFile(file: document.file)
    }

    /// Decodes a document; the file is partial when there are diagnostics.
    public static func decode(_ document: YAMLDocument) -> (file: DesiredFile, diagnostics: [Diagnostic]) {
        var decoder = DesiredFileDecoder(document: document)
        decoder.decodeFile()
        return (decoder.file, decoder.diagnostics)
    }

    private mutating func decodeFile() {
        let root = document.root
        guard document[root].kind == .mapping else {
            diagnostics.append(
                .expectedTopLevelMapping(
                    found: document[root], list: Self.defaultList.key, at: document.location(of: root)))
            return
        }
        for (key, value) in document.pairs(of: root) {
            let name = document[key].text
            switch name {
            case "defaults":
                file.defaultEnabled = decodeDefaults(value)
            case "unmanaged":
                decodePolicies(value)
            default:
                if let groups = PortSIPList.readOnly.first(where: { $0.key == name }) {
                    decodeGroups(value, of: groups)
                    continue
                }
                guard let list = PortSIPList.named(name) else {
                    diagnostics.append(
                        .unknownKey(
                            name, in: "the top level", allowed: Self.topLevelKeys, at: document.location(of: key)))
                    continue
                }
                decodeEntries(value, of: list, at: document.location(of: key))
            }
        }
    }

    private mutating func decodeDefaults(_ index: Int32) -> Located<Bool>? {
        if document.isNull(index) { return nil }
        let node = document[index]
        guard node.kind == .mapping else {
            diagnostics.append(.expected("a mapping", for: "defaults", found: node, at: document.location(of: index)))
            return nil
        }
        var enabled: Located<Bool>?
        for (key, value) in document.pairs(of: index) {
            if document.text(of: key, equals: "enabled") {
                if let flag = decodeBoolean(value) {
                    enabled = Located(flag, at: document.location(of: value))
                } else {
                    reportInvalidBoolean(value, key: "defaults.enabled")
                }
            } else {
                diagnostics.append(
                    .unknownKey(
                        document[key].text, in: "`defaults`", allowed: Self.defaultsKeys,
                        at: document.location(of: key)))
            }
        }
        return enabled
    }

    /// `unmanaged: POLICY` for every list, or `unmanaged: {LIST: POLICY, ...}`.
    private mutating func decodePolicies(_ index: Int32) {
        guard document.kind(of: index) == .mapping else {
            file.unmanaged = decodePolicy(index, key: "unmanaged")
            return
        }
        for (key, value) in document.pairs(of: index) {
            let name = document[key].text
            guard let list = PortSIPList.named(name) else {
                diagnostics.append(
                    .unknownKey(
                        name, in: "`unmanaged`", allowed: PortSIPList.all.map(\.key),
                        at: document.location(of: key)))
                continue
            }
            if let policy = decodePolicy(value, key: "unmanaged.\(name)") {
                file.unmanagedByList.append(DesiredFile.ListPolicy(list: list, policy: policy))
            }
        }
    }

    private mutating func decodePolicy(_ index: Int32, key: String) -> Located<UnmanagedPolicy>? {
        let node = document[index]
        guard node.kind == .scalar, !node.isNull else {
            let what =
                key == "unmanaged"
                ? "one of `ignore`, `disable`, `delete`, or a mapping of lists to them"
                : "one of `ignore`, `disable`, `delete`"
            diagnostics.append(.expected(what, for: key, found: node, at: document.location(of: index)))
            return nil
        }
        guard let policy = UnmanagedPolicy(rawValue: node.text) else {
            diagnostics.append(.invalidPolicy(node.text, key: key, at: document.location(of: index)))
            return nil
        }
        return Located(policy, at: document.location(of: index))
    }

    private mutating func decodeEntries(_ index: Int32, of list: PortSIPList, at location: SourceLocation) {
        schema = ListSchema(list)
        let section = file.sectionIndex(for: list, at: location)
        if document.isNull(index) {
            diagnostics.append(.nullNumberList(list.key, at: document.location(of: index)))
            return
        }
        guard document.kind(of: index) == .sequence else {
            diagnostics.append(
                .expected(
                    "a sequence", for: list.key, found: document[index], at: document.location(of: index)))
            return
        }
        let items = document.items(of: index)
        var entries = file.sections[section]
        file.sections[section].numbers = []
        entries.numbers.reserveCapacity(entries.numbers.count + items.count)
        entries.inheritingEnabled.reserveCapacity(entries.inheritingEnabled.count + items.count)
        for item in items {
            decodeEntry(item, into: &entries)
        }
        file.sections[section] = entries
    }

    private mutating func decodeEntry(_ index: Int32, into section: inout DesiredFile.Section) {
        guard document.kind(of: index) == .mapping else {
            diagnostics.append(
                .expectedEntryMapping(
                    found: document[index], list: list.key, keyField: list.keyField.name,
                    at: document.location(of: index)))
            return
        }
        var number: String?
        var numberNode = index
        var numberIsValid = true
        var values = schema.defaultValues
        var defaultedGiven = false
        var given = 0 as UInt64
        var agents: DesiredAgents?
        document.forEachPair(of: index) { key, value in
            guard let slot = entrySlot(key) else {
                if let relation = list.relations.first(where: { document.text(of: key, equalsText: $0.key) }) {
                    agents = decodeAgents(value, of: relation, at: document.location(of: key))
                    return
                }
                diagnostics.append(
                    .unknownKey(
                        document[key].text, in: "an entry of `\(list.key)`",
                        allowed: Self.entryKeys(of: list), at: document.location(of: key)))
                return
            }
            let position = schema.slots[slot].position
            if position >= 0, position < 64 { given |= 1 << UInt64(position) }
            if position < 0 {
                numberNode = value
                number = decodeNumber(value)
                numberIsValid = number != nil
            } else if let decoded = decodeValue(value, slot: slot) {
                values[position] = decoded
                if position == schema.defaultedPosition { defaultedGiven = true }
            }
        }
        for position in schema.requiredPositions where given & (1 << UInt64(position)) == 0 {
            diagnostics.append(
                .missingField(
                    list.valueFields[position].name, list: list.key,
                    at: document.location(of: index)))
        }
        guard let number else {
            if numberIsValid {
                diagnostics.append(
                    .missingNumber(keyField: list.keyField.name, at: document.location(of: numberNode)))
            }
            return
        }
        // `defaults` decides the fields an entry omits that it covers; combining resolves them.
        let inherits = schema.defaultedPosition != nil && !defaultedGiven
        section.append(
            number: number, values: values, inheritsDefaults: inherits, location: document.location(of: numberNode))
        if let agents { section.agents.append(NumberAgents(number: number, agents: agents)) }
    }

    /// The field a key names (its index in `list.fields`), compared as bytes, lengths
    /// first: an entry has a few keys.
    @inline(__always)
    private func entrySlot(_ key: Int32) -> Int? {
        let count = document.byteCount(of: key)
        for slot in schema.slots.indices where schema.slots[slot].length == count {
            if document.text(of: key, equalsText: schema.names[slot]) { return slot }
        }
        return nil
    }

    /// A value of the field's kind, or nil after a diagnostic.
    private mutating func decodeValue(_ index: Int32, slot: Int) -> FieldValue? {
        switch schema.slots[slot].kind {
        case .bool:
            if let flag = decodeBoolean(index) { return .bool(flag) }
            reportInvalidBoolean(index, key: list.fields[slot].name)
            return nil
        case .text(let maximumLength):
            return decodeText(index, slot: slot, maximumLength: maximumLength).map(FieldValue.string)
        case .choice:
            guard case .choice(let words) = list.fields[slot].kind else { return nil }
            return decodeChoice(index, slot: slot, among: words).map(FieldValue.string)
        case .timestamp:
            return decodeTimestamp(index, slot: slot).map(FieldValue.string)
        }
    }

    /// One of `words`, written exactly.
    private mutating func decodeChoice(_ index: Int32, slot: Int, among words: [String]) -> String? {
        let name = list.fields[slot].name
        let node = document[index]
        guard node.kind == .scalar, !node.isNull else {
            diagnostics.append(
                .expected(
                    "one of \(words.map { "`\($0)`" }.joined(separator: ", "))", for: name, found: node,
                    at: document.location(of: index)))
            return nil
        }
        guard words.contains(node.text) else {
            diagnostics.append(.invalidChoice(name, node.text, allowed: words, at: document.location(of: index)))
            return nil
        }
        return node.text
    }

    /// An RFC 3339 instant, kept as written; null or nothing is `""` (none).
    private mutating func decodeTimestamp(_ index: Int32, slot: Int) -> String? {
        if document.isNull(index) { return "" }
        let name = list.fields[slot].name
        let node = document[index]
        guard node.kind == .scalar else {
            diagnostics.append(
                .expected("an RFC 3339 date-time", for: name, found: node, at: document.location(of: index)))
            return nil
        }
        if let problem = Timestamp.problem(with: node.text) {
            diagnostics.append(.invalidTimestamp(name, node.text, problem: problem, at: document.location(of: index)))
            return nil
        }
        if Timestamp.isFinerThanKept(node.text) {
            diagnostics.append(.timestampFinerThanKept(name, node.text, at: document.location(of: index)))
        }
        return node.text
    }

    private mutating func decodeNumber(_ index: Int32) -> String? {
        guard document.kind(of: index) == .scalar, !document.isNull(index) else {
            let node = document[index]
            if node.isNull {
                diagnostics.append(.missingNumber(keyField: list.keyField.name, at: document.location(of: index)))
            } else {
                diagnostics.append(
                    .expected("text", for: list.keyField.name, found: node, at: document.location(of: index)))
            }
            return nil
        }
        // Checked byte by byte: numbers are ASCII in practice; other text takes the general checks.
        let printable = document.withText(of: index) { bytes -> String? in
            // Printable ASCII only: no control character, and no space at either end.
            guard bytes.count <= schema.maximumNumberLength, let first = bytes.first, let last = bytes.last,
                first != 0x20, last != 0x20, bytes.allSatisfy({ $0 &- 0x20 < 0x5F })
            else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        if let printable, schema.pattern.map({ $0.matches(printable) }) ?? true { return printable }
        let text = document.text(of: index)
        let location = document.location(of: index)
        let problems = list.problems(ofNumber: text)
        for problem in problems {
            diagnostics.append(.invalidNumber(text, problem, keyField: list.keyField.name, at: location))
        }
        return problems.isEmpty ? text : nil
    }

    /// `queues`: a mapping of queue extension numbers to sequences of agent extension numbers.
    private mutating func decodeAgents(_ index: Int32, of relation: Relation, at location: SourceLocation)
        -> DesiredAgents?
    {
        let key = relation.key
        if document.isNull(index) {
            diagnostics.append(.nullAgents(at: document.location(of: index)))
            return nil
        }
        guard document.kind(of: index) == .mapping else {
            diagnostics.append(
                .expected(
                    "a mapping of queue extension numbers to lists of agents", for: key, found: document[index],
                    at: document.location(of: index)))
            return nil
        }
        var queues: [DesiredAgents.Queue] = []
        var valid = true
        for (queueKey, value) in document.pairs(of: index) {
            let queue = document.text(of: queueKey)
            let queueLocation = document.location(of: queueKey)
            if !DesiredAgents.isExtension(queue) {
                diagnostics.append(.invalidExtension(queue, what: "queue", at: queueLocation))
                valid = false
            }
            guard document.kind(of: value) == .sequence else {
                diagnostics.append(
                    .expected(
                        "a list of agent extension numbers (`[]` for none)", for: "\(key).\(queue)",
                        found: document[value], at: document.location(of: value)))
                valid = false
                continue
            }
            var agents: [String] = []
            var sources: [SourceLocation] = []
            for item in document.items(of: value) {
                let location = document.location(of: item)
                guard document.kind(of: item) == .scalar, !document.isNull(item) else {
                    diagnostics.append(
                        .expected(
                            "an agent extension number", for: "\(key).\(queue)", found: document[item], at: location))
                    valid = false
                    continue
                }
                let agent = document.text(of: item)
                if !DesiredAgents.isExtension(agent) {
                    diagnostics.append(.invalidExtension(agent, what: "agent", at: location))
                    valid = false
                } else if let first = agents.firstIndex(of: agent) {
                    diagnostics.append(.duplicateAgent(agent, queue: queue, at: location, first: sources[first]))
                    valid = false
                }
                agents.append(agent)
                sources.append(location)
            }
            queues.append(
                DesiredAgents.Queue(queue: queue, agents: agents, source: queueLocation, agentSources: sources))
        }
        return valid ? DesiredAgents(queues: queues, source: location) : nil
    }

    /// `true` or `false`, written plain (or tagged `!!bool`); nil otherwise.
    private func decodeBoolean(_ index: Int32) -> Bool? {
        let record = document.records[Int(index)]
        guard record.kind == .scalar, record.style == .plain, record.tag == nil || record.tag == .boolean else {
            return nil
        }
        if document.text(of: index, equals: "true") { return true }
        if document.text(of: index, equals: "false") { return false }
        return nil
    }

    /// Why the node at `index` is not a boolean for `key`.
    private mutating func reportInvalidBoolean(_ index: Int32, key: String) {
        let node = document[index]
        if node.kind != .scalar {
            diagnostics.append(.expected("`true` or `false`", for: key, found: node, at: document.location(of: index)))
        } else {
            diagnostics.append(.invalidBoolean(key, node: node, at: document.location(of: index)))
        }
    }

    /// Text of at most `maximumLength` characters; null or nothing is `""`.
    private mutating func decodeText(_ index: Int32, slot: Int, maximumLength: Int) -> String? {
        if document.isNull(index) { return "" }
        guard document.kind(of: index) == .scalar else {
            diagnostics.append(
                .expected(
                    "text", for: list.fields[slot].name, found: document[index], at: document.location(of: index))
            )
            return nil
        }
        let text = document.text(of: index)
        if let length = FieldRules.excessLength(text, maximum: maximumLength) {
            diagnostics.append(
                .textTooLong(
                    list.fields[slot].name, length: length, maximum: maximumLength,
                    at: document.location(of: index)))
            return nil
        }
        return text
    }
}
