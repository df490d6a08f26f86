/// A managed field of an exclusive number, in the order PortSIP documents them.
public enum Field: String, Sendable, Hashable, CaseIterable, Comparable {
    case number
    case enabled
    case description

    /// The fields an update may change; `number` is the match key and never changes.
    public static let updatable: [Field] = [.enabled, .description]

    public static func < (lhs: Field, rhs: Field) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
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
