/// One field of a PortSIP list, as the list's declaration (`ResourceCollection`) has it: its name,
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

    /// Declares a field; its position is given by the collection that lists it.
    public init(
        _ name: String, _ kind: Kind, updatable: Bool = true, default defaultValue: FieldValue? = nil,
        summary: String
    ) {
        self.init(
            name: name, kind: kind, updatable: updatable, defaultValue: defaultValue ?? kind.blank, summary: summary,
            position: -1)
    }

    init(name: String, kind: Kind, updatable: Bool, defaultValue: FieldValue, summary: String, position: Int) {
        self.name = name
        self.kind = kind
        self.updatable = updatable
        self.defaultValue = defaultValue
        self.summary = summary
        self.position = position
    }

    /// The same field at `position` of a record's values.
    func placed(at position: Int) -> Field {
        Field(
            name: name, kind: kind, updatable: updatable, defaultValue: defaultValue, summary: summary,
            position: position)
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
        default: return false
        }
    }
}

extension Field.Kind {
    /// The value a blank field has: `""` or false.
    var blank: FieldValue {
        switch self {
        case .text: return .string("")
        case .bool: return .bool(false)
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
