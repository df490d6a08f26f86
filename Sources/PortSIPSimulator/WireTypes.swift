// The simulator's own view of PortSIP's wire format. It never imports the client's types, so an
// encoding mistake on one side cannot cancel itself out on the other.

/// A record of one of PortSIP's lists as the simulator holds and sends it: its id, when it was
/// created, and its fields by name (which fields a list has, its declaration says).
public struct WireRecord: Codable, Sendable, Hashable {
    /// Opaque id (base64 of a decimal snowflake id).
    public var id: String
    /// RFC 3339 UTC.
    public var created_at: String
    /// The fields, by name; a blank text field is stored as null.
    public var fields: [String: JSONValue]

    /// Creates a record.
    public init(id: String, created_at: String, fields: [String: JSONValue]) {
        self.id = id
        self.created_at = created_at
        self.fields = fields
    }

    /// A field's text, if it holds text.
    public func text(_ name: String) -> String? {
        if case .string(let text)? = fields[name] { return text }
        return nil
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        id = try container.decode(String.self, forKey: Key("id"))
        created_at = try container.decode(String.self, forKey: Key("created_at"))
        fields = [:]
        for key in container.allKeys where key.stringValue != "id" && key.stringValue != "created_at" {
            fields[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
    }

    // PortSIP sends blank fields as an explicit null, so null values are written, not left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(id, forKey: Key("id"))
        try container.encode(created_at, forKey: Key("created_at"))
        for (name, value) in fields { try container.encode(value, forKey: Key(name)) }
    }
}

/// A page of a list.
struct WireList: Codable, Sendable {
    /// The total; nil leaves the key out, as some PortSIP lists do.
    var count: Int?
    var items: [WireRecord]
}

/// The answer to a create.
struct WireCreated: Codable, Sendable {
    var id: String
}

/// PortSIP's error body.
struct WireErrors: Codable, Sendable {
    struct Item: Codable, Sendable {
        var code: String
        var message: String
    }
    var errors: [Item]
}

/// The answer to a sign-in or a refresh.
struct WireToken: Codable, Sendable {
    var token_type: String
    var access_token: String
    var refresh_token: String
    var expires_in: Int
}

/// The answer to a sign-in that needs a second factor.
struct WireTwoFactorChallenge: Codable, Sendable {
    var two_factor_required: Bool
    var challenge_token: String
}

/// The file `--data` keeps.
struct WireDataFile: Codable, Sendable {
    var format: String
    var items: [WireRecord]
}

/// Any JSON value, so that bodies can be validated field by field with exact types.
public enum JSONValue: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case string(String)
    case number(Double)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .string: return "a string"
        case .number: return "a number"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// A string as written in quotes, anything else by its type.
    var shortText: String {
        if case .string(let text) = self { return text.debugDescription }
        return typeName
    }
}
