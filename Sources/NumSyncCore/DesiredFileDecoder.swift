/// Turns one YAML document into a `DesiredFile`, collecting every problem instead of stopping
/// at the first.
public struct DesiredFileDecoder {
    /// The top-level keys of a desired-state file.
    public static let topLevelKeys = ["defaults", "unmanaged", "exclusive_numbers"]
    /// The keys of `defaults`.
    public static let defaultsKeys = ["enabled"]
    /// The keys of an entry of `exclusive_numbers`.
    public static let entryKeys = ["number", "enabled", "description"]
    /// PortSIP's limit on `number`, in characters.
    public static let maximumNumberLength = 64
    /// PortSIP's limit on `description`, in characters.
    public static let maximumDescriptionLength = 1024

    private let document: YAMLDocument
    private var diagnostics: [Diagnostic] = []

    private init(document: YAMLDocument) {
        self.document = document
    }

    /// Decodes a document; the file is partial when there are diagnostics.
    public static func decode(_ document: YAMLDocument) -> (file: DesiredFile, diagnostics: [Diagnostic]) {
        var decoder = DesiredFileDecoder(document: document)
        let file = decoder.decodeFile()
        return (file, decoder.diagnostics)
    }

    private mutating func decodeFile() -> DesiredFile {
        var file = DesiredFile(file: document.file)
        let root = document.root
        guard document[root].kind == .mapping else {
            diagnostics.append(.expectedTopLevelMapping(found: document[root], at: document.location(of: root)))
            return file
        }
        for (key, value) in document.pairs(of: root) {
            switch document[key].text {
            case "defaults":
                file.defaultEnabled = decodeDefaults(value)
            case "unmanaged":
                file.unmanaged = decodePolicy(value)
            case "exclusive_numbers":
                file.entries = decodeEntries(value)
            default:
                diagnostics.append(
                    .unknownKey(
                        document[key].text, in: "the top level", allowed: Self.topLevelKeys,
                        at: document.location(of: key)))
            }
        }
        return file
    }

    private mutating func decodeDefaults(_ index: Int32) -> Located<Bool>? {
        let node = document[index]
        if node.isNull { return nil }
        guard node.kind == .mapping else {
            diagnostics.append(.expected("a mapping", for: "defaults", found: node, at: document.location(of: index)))
            return nil
        }
        var enabled: Located<Bool>?
        for (key, value) in document.pairs(of: index) {
            if document[key].text == "enabled" {
                if let flag = decodeBoolean(value, key: "defaults.enabled") {
                    enabled = Located(flag, at: document.location(of: value))
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

    private mutating func decodeEntries(_ index: Int32) -> [DesiredFile.Entry] {
        let node = document[index]
        if node.isNull {
            diagnostics.append(.nullNumberList(at: document.location(of: index)))
            return []
        }
        guard node.kind == .sequence else {
            diagnostics.append(
                .expected("a sequence", for: "exclusive_numbers", found: node, at: document.location(of: index)))
            return []
        }
        let items = document.items(of: index)
        var entries: [DesiredFile.Entry] = []
        entries.reserveCapacity(items.count)
        for item in items {
            if let entry = decodeEntry(item) {
                entries.append(entry)
            }
        }
        return entries
    }

    private mutating func decodeEntry(_ index: Int32) -> DesiredFile.Entry? {
        let node = document[index]
        guard node.kind == .mapping else {
            diagnostics.append(.expectedEntryMapping(found: node, at: document.location(of: index)))
            return nil
        }
        var number: String?
        var numberLocation = document.location(of: index)
        var numberIsValid = true
        var enabled: Bool?
        var description = ""
        let start = Int(node.childStart)
        var i = start
        while i < start + Int(node.childCount) {
            let key = document.children[i]
            let value = document.children[i + 1]
            i += 2
            switch document[key].text {
            case "number":
                numberLocation = document.location(of: value)
                number = decodeNumber(value)
                numberIsValid = number != nil
            case "enabled":
                enabled = decodeBoolean(value, key: "enabled")
            case "description":
                description = decodeDescription(value) ?? ""
            default:
                diagnostics.append(
                    .unknownKey(
                        document[key].text, in: "an entry of `exclusive_numbers`", allowed: Self.entryKeys,
                        at: document.location(of: key)))
            }
        }
        guard let number else {
            if numberIsValid { diagnostics.append(.missingNumber(at: numberLocation)) }
            return nil
        }
        return DesiredFile.Entry(number: number, enabled: enabled, description: description, location: numberLocation)
    }

    private mutating func decodeNumber(_ index: Int32) -> String? {
        let node = document[index]
        let location = document.location(of: index)
        if node.isNull {
            diagnostics.append(.missingNumber(at: location))
            return nil
        }
        guard node.kind == .scalar else {
            diagnostics.append(.expected("text", for: "number", found: node, at: location))
            return nil
        }
        let text = node.text
        guard !text.isEmpty else {
            diagnostics.append(.emptyNumber(at: location))
            return nil
        }
        var valid = true
        let length = text.unicodeScalars.count
        if length > Self.maximumNumberLength {
            diagnostics.append(.numberTooLong(text, length: length, at: location))
            valid = false
        }
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
            first.properties.isWhitespace || last.properties.isWhitespace
        {
            diagnostics.append(.numberWhitespace(text, at: location))
            valid = false
        } else if text.unicodeScalars.contains(where: \.isControl) {
            diagnostics.append(.numberControlCharacter(text, at: location))
            valid = false
        }
        return valid ? text : nil
    }

    private mutating func decodeBoolean(_ index: Int32, key: String) -> Bool? {
        let node = document[index]
        if node.kind == .scalar, node.style == .plain, node.tag == nil || node.tag == .boolean {
            if node.text == "true" { return true }
            if node.text == "false" { return false }
        }
        if node.kind != .scalar {
            diagnostics.append(.expected("`true` or `false`", for: key, found: node, at: document.location(of: index)))
        } else {
            diagnostics.append(.invalidBoolean(key, node: node, at: document.location(of: index)))
        }
        return nil
    }

    private mutating func decodeDescription(_ index: Int32) -> String? {
        let node = document[index]
        if node.isNull { return "" }
        guard node.kind == .scalar else {
            diagnostics.append(.expected("text", for: "description", found: node, at: document.location(of: index)))
            return nil
        }
        let length = node.text.unicodeScalars.count
        if length > Self.maximumDescriptionLength {
            diagnostics.append(.descriptionTooLong(length: length, at: document.location(of: index)))
            return nil
        }
        return node.text
    }
}

extension Unicode.Scalar {
    /// C0 and C1 control characters and DEL.
    var isControl: Bool {
        value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value)
    }
}
