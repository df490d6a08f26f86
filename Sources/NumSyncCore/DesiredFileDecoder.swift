/// Turns one YAML document into a `DesiredFile`, collecting every problem instead of stopping
/// at the first.
///
/// The entries' keys, their types and limits come from the list's declaration
/// (`ResourceCollection`); nothing here names a field of a list.
public struct DesiredFileDecoder {
    /// The list the file's entries belong to.
    public static let collection = ResourceCollection.exclusiveNumbers
    /// The top-level keys of a desired-state file.
    public static let topLevelKeys = ["defaults", "unmanaged", collection.key]
    /// The keys of `defaults`.
    public static let defaultsKeys = ["enabled"]
    /// The keys of an entry.
    public static let entryKeys = collection.fields.map(\.name)

    private let document: YAMLDocument
    private let collection = Self.collection
    /// The key field's limit, for the byte-wise fast path.
    private let maximumNumberLength = Self.collection.keyField.maximumLength ?? Int.max
    /// What the hot loop needs of each field (aligned with `collection.fields`), with nothing
    /// reference-counted in it: every key of every entry is looked up here.
    private let slots = Self.collection.fields.map {
        Slot(length: $0.name.utf8.count, position: $0.position, kind: $0.kind)
    }

    private struct Slot {
        var length: Int
        var position: Int
        var kind: Field.Kind
    }
    /// The position of the value `defaults` covers, if the list has it.
    private let defaultedPosition = Self.collection.field(named: "enabled")?.position
    private var file: DesiredFile
    private var diagnostics: [Diagnostic] = []

    private init(document: YAMLDocument) {
        self.document = document
        self.file = DesiredFile(file: document.file, collection: Self.collection)
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
                .expectedTopLevelMapping(found: document[root], list: collection.key, at: document.location(of: root)))
            return
        }
        for (key, value) in document.pairs(of: root) {
            switch document[key].text {
            case "defaults":
                file.defaultEnabled = decodeDefaults(value)
            case "unmanaged":
                file.unmanaged = decodePolicy(value)
            case collection.key:
                decodeEntries(value)
            default:
                diagnostics.append(
                    .unknownKey(
                        document[key].text, in: "the top level", allowed: Self.topLevelKeys,
                        at: document.location(of: key)))
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

    private mutating func decodePolicy(_ index: Int32) -> Located<UnmanagedPolicy>? {
        let node = document[index]
        guard node.kind == .scalar, !node.isNull else {
            diagnostics.append(
                .expected(
                    "one of `ignore`, `disable`, `delete`", for: "unmanaged", found: node,
                    at: document.location(of: index)))
            return nil
        }
        guard let policy = UnmanagedPolicy(rawValue: node.text) else {
            diagnostics.append(.invalidPolicy(node.text, at: document.location(of: index)))
            return nil
        }
        return Located(policy, at: document.location(of: index))
    }

    private mutating func decodeEntries(_ index: Int32) {
        if document.isNull(index) {
            diagnostics.append(.nullNumberList(collection.key, at: document.location(of: index)))
            return
        }
        guard document.kind(of: index) == .sequence else {
            diagnostics.append(
                .expected(
                    "a sequence", for: collection.key, found: document[index], at: document.location(of: index)))
            return
        }
        let items = document.items(of: index)
        file.numbers.reserveCapacity(file.numbers.count + items.count)
        file.inheritingEnabled.reserveCapacity(file.inheritingEnabled.count + items.count)
        for item in items {
            decodeEntry(item)
        }
    }

    private mutating func decodeEntry(_ index: Int32) {
        guard document.kind(of: index) == .mapping else {
            diagnostics.append(
                .expectedEntryMapping(
                    found: document[index], list: collection.key, keyField: collection.keyField.name,
                    at: document.location(of: index)))
            return
        }
        var number: String?
        var numberNode = index
        var numberIsValid = true
        var values = collection.defaultValues
        var defaultedGiven = false
        document.forEachPair(of: index) { key, value in
            guard let slot = entrySlot(key) else {
                diagnostics.append(
                    .unknownKey(
                        document[key].text, in: "an entry of `\(collection.key)`", allowed: Self.entryKeys,
                        at: document.location(of: key)))
                return
            }
            let position = slots[slot].position
            if position < 0 {
                numberNode = value
                number = decodeNumber(value)
                numberIsValid = number != nil
            } else if let decoded = decodeValue(value, slot: slot) {
                values[position] = decoded
                if position == defaultedPosition { defaultedGiven = true }
            }
        }
        guard let number else {
            if numberIsValid {
                diagnostics.append(
                    .missingNumber(keyField: collection.keyField.name, at: document.location(of: numberNode)))
            }
            return
        }
        // `defaults` decides the fields an entry omits that it covers; combining resolves them.
        let inherits = defaultedPosition != nil && !defaultedGiven
        file.append(
            number: number, values: values, inheritsDefaults: inherits, location: document.location(of: numberNode))
    }

    /// The field a key names (its index in `collection.fields`), compared as bytes, lengths
    /// first: an entry has a few keys.
    @inline(__always)
    private func entrySlot(_ key: Int32) -> Int? {
        let count = document.byteCount(of: key)
        for slot in slots.indices where slots[slot].length == count {
            if document.text(of: key, equalsText: collection.fields[slot].name) { return slot }
        }
        return nil
    }

    /// A value of the field's kind, or nil after a diagnostic.
    private mutating func decodeValue(_ index: Int32, slot: Int) -> FieldValue? {
        switch slots[slot].kind {
        case .bool:
            if let flag = decodeBoolean(index) { return .bool(flag) }
            reportInvalidBoolean(index, key: collection.fields[slot].name)
            return nil
        case .text(let maximumLength):
            return decodeText(index, slot: slot, maximumLength: maximumLength).map(FieldValue.string)
        }
    }

    private mutating func decodeNumber(_ index: Int32) -> String? {
        guard document.kind(of: index) == .scalar, !document.isNull(index) else {
            let node = document[index]
            if node.isNull {
                diagnostics.append(.missingNumber(keyField: collection.keyField.name, at: document.location(of: index)))
            } else {
                diagnostics.append(
                    .expected("text", for: collection.keyField.name, found: node, at: document.location(of: index)))
            }
            return nil
        }
        // Checked byte by byte: numbers are ASCII in practice; other text takes the general checks.
        let printable = document.withText(of: index) { bytes -> String? in
            // Printable ASCII only: no control character, and no space at either end.
            guard bytes.count <= maximumNumberLength, let first = bytes.first, let last = bytes.last,
                first != 0x20, last != 0x20, bytes.allSatisfy({ $0 &- 0x20 < 0x5F })
            else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
        if let printable { return printable }
        let text = document.text(of: index)
        let location = document.location(of: index)
        let problems = collection.problems(ofNumber: text)
        for problem in problems {
            diagnostics.append(.invalidNumber(text, problem, keyField: collection.keyField.name, at: location))
        }
        return problems.isEmpty ? text : nil
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
                    "text", for: collection.fields[slot].name, found: document[index], at: document.location(of: index))
            )
            return nil
        }
        let text = document.text(of: index)
        if let length = FieldRules.excessLength(text, maximum: maximumLength) {
            diagnostics.append(
                .textTooLong(
                    collection.fields[slot].name, length: length, maximum: maximumLength,
                    at: document.location(of: index)))
            return nil
        }
        return text
    }
}
