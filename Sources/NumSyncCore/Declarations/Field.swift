/// One field of a PortSIP list, as the list's declaration (`PortSIPList`) has it: its name,
/// the values it takes, whether an update may change it, and what an entry that omits it means.
///
/// Decoding, planning, rendering, the JSON documents, export and the client all read fields from
/// the declaration; no stage spells a field out. Fields compare by name and position.
public struct Field: Sendable, Hashable, CustomStringConvertible {
    /// The values a field takes.
    public enum Kind: Sendable, Hashable {
        /// Text of at most `maximumLength` characters (Unicode scalars); a blank one is `""`,
        /// whether the server sends `null` or `""`.
        case text(maximumLength: Int)
        /// `true` or `false`.
        case bool
        /// One of a few words, written exactly (`FIRST` or `SECOND`).
        case choice([String])
        /// An RFC 3339 instant, or blank for none. Two values are the same when they name the
        /// same instant to the millisecond (what PortSIP keeps), however each is written; it is
        /// sent in UTC (`Z`).
        case timestamp
    }

    /// The name, in the API and in desired-state files.
    public let name: String
    /// The values it takes.
    public let kind: Kind
    /// Whether an update may change it. The key never changes.
    public let updatable: Bool
    /// The value of an entry that omits it (and of a field the server leaves out).
    public let defaultValue: FieldValue
    /// What it means, for editors (the JSON Schema) and documentation.
    public let summary: String
    /// Where its value sits in a record's values; -1 for the key.
    public let position: Int
    /// The characters its text may hold, when the list restricts them.
    public let pattern: TextPattern?
    /// Whether every entry must give it (the key always must).
    public let required: Bool

    /// Declares a field; its position is given by the list that declares it.
    public init(
        _ name: String, _ kind: Kind, pattern: TextPattern? = nil, required: Bool = false, updatable: Bool = true,
        default defaultValue: FieldValue? = nil, summary: String
    ) {
        self.init(
            name: name, kind: kind, pattern: pattern, required: required, updatable: updatable,
            defaultValue: defaultValue ?? kind.blank, summary: summary, position: -1)
    }

    init(
        name: String, kind: Kind, pattern: TextPattern?, required: Bool, updatable: Bool, defaultValue: FieldValue,
        summary: String, position: Int
    ) {
        self.name = name
        self.kind = kind
        self.pattern = pattern
        self.required = required
        self.updatable = updatable
        self.defaultValue = defaultValue
        self.summary = summary
        self.position = position
    }

    /// The same field at `position` of a record's values.
    func placed(at position: Int) -> Field {
        Field(
            name: name, kind: kind, pattern: pattern, required: required, updatable: updatable,
            defaultValue: defaultValue, summary: summary, position: position)
    }

    /// The name, as JSON documents write it.
    public var rawValue: String { name }

    public var description: String { name }

    public static func == (lhs: Field, rhs: Field) -> Bool {
        lhs.name == rhs.name && lhs.position == rhs.position
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(position)
    }

    /// The most characters a text field holds; nil for other kinds.
    public var maximumLength: Int? {
        if case .text(let maximumLength) = kind { return maximumLength }
        return nil
    }

    /// Whether `value` is of this field's kind.
    public func accepts(_ value: FieldValue) -> Bool {
        switch (kind, value) {
        case (.text, .string), (.bool, .bool): return true
        case (.choice(let words), .string(let word)): return words.contains(word)
        case (.timestamp, .string(let text)): return text.isEmpty || Timestamp.problem(with: text) == nil
        default: return false
        }
    }

    /// Whether the server's value and the files' value mean the same: equal bytes, or for a
    /// timestamp, the same instant at the precision PortSIP keeps.
    public func matches(_ lhs: FieldValue, _ rhs: FieldValue) -> Bool {
        if lhs == rhs { return true }
        guard case .timestamp = kind, case .string(let left) = lhs, case .string(let right) = rhs,
            let l = Timestamp(rfc3339: left), let r = Timestamp(rfc3339: right)
        else { return false }
        return l.isSameInstantAsKept(r)
    }
}

extension Field.Kind {
    /// The value a blank field has: `""` or false.
    var blank: FieldValue {
        switch self {
        case .text, .choice, .timestamp: return .string("")
        case .bool: return .bool(false)
        }
    }

    /// Whether values are text (sent as JSON strings, or null when blank).
    public var isText: Bool {
        if case .bool = self { return false }
        return true
    }
}

/// The characters a text field may hold, as PortSIP's reference declares them.
public enum TextPattern: String, Sendable, Hashable {
    /// Digits and `+` (`[0-9+]`): telephone or extension numbers.
    case digitsAndPlus = "[0-9+]"
    /// An optional `+`, then letters and digits.
    case plusThenAlphanumerics = "+?[0-9A-Za-z]"

    /// Whether `text` holds only the allowed characters.
    public func matches(_ text: String) -> Bool {
        switch self {
        case .digitsAndPlus:
            return text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2B }
        case .plusThenAlphanumerics:
            let bytes = text.utf8.dropFirst(text.utf8.first == 0x2B ? 1 : 0)
            return !bytes.isEmpty
                && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || (($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A) }
        }
    }

    /// What it allows, in words: `only digits and +`.
    public var explanation: String {
        switch self {
        case .digitsAndPlus: return "digits and `+` only"
        case .plusThenAlphanumerics: return "letters and digits only, after an optional leading `+`"
        }
    }

    /// The regular expression for the JSON Schema, for text of at most `maximumLength`.
    public func regularExpression(maximumLength: Int) -> String {
        switch self {
        case .digitsAndPlus: return "^[0-9+]{1,\(maximumLength)}$"
        case .plusThenAlphanumerics: return "^\\+?[0-9A-Za-z]{1,\(maximumLength)}$"
        }
    }
}

/// The value of a field: PortSIP's fields are strings or booleans. Strings are equal only when
/// their UTF-8 bytes are (see `ExactText`).
public enum FieldValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case bool(Bool)

    public static func == (lhs: FieldValue, rhs: FieldValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let l), .string(let r)): return l.isByteEqual(to: r)
        case (.bool(let l), .bool(let r)): return l == r
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .string(let text): hasher.combine(ExactText(text))
        case .bool(let flag): hasher.combine(flag)
        }
    }

    /// The value the way plans show it: strings quoted and escaped, booleans bare.
    public var description: String {
        switch self {
        case .bool(let value): return value ? "true" : "false"
        case .string(let value): return value.quotedForDisplay
        }
    }
}

/// One changed field: what the server has and what the files want.
public struct FieldChange: Sendable, Hashable {
    /// Which field.
    public var field: Field
    /// The server's value.
    public var before: FieldValue
    /// The wanted value.
    public var after: FieldValue

    /// Creates a field change.
    public init(field: Field, before: FieldValue, after: FieldValue) {
        self.field = field
        self.before = before
        self.after = after
    }
}

extension String {
    /// The string in double quotes with quotes, backslashes, controls and other hidden
    /// characters escaped (see `Unicode.Scalar.isHidden`).
    public var quotedForDisplay: String {
        var out = "\""
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.isHidden, !Self.keepsShaping(scalar, after: previous) {
                    out += scalar.escaped
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            previous = scalar
        }
        return out + "\""
    }
}
