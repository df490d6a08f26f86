// The simulator's own view of PortSIP's wire format. It never imports the client's types, so an
// encoding mistake on one side cannot cancel itself out on the other.

/// An exclusive number as PortSIP sends it.
public struct WireNumber: Codable, Sendable, Hashable {
    /// Opaque id (base64 of a decimal snowflake id).
    public var id: String
    /// The telephone number.
    public var number: String
    /// RFC 3339 UTC.
    public var created_at: String
    /// Whether enabled.
    public var enabled: Bool
    /// Description; blank is stored and sent as `null`.
    public var description: String?

    /// Creates a record.
    public init(id: String, number: String, created_at: String, enabled: Bool, description: String?) {
        self.id = id
        self.number = number
        self.created_at = created_at
        self.enabled = enabled
        self.description = description
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(number, forKey: .number)
        try container.encode(created_at, forKey: .created_at)
        try container.encode(enabled, forKey: .enabled)
        // PortSIP sends blank fields as an explicit null.
        if let description {
            try container.encode(description, forKey: .description)
        } else {
            try container.encodeNil(forKey: .description)
        }
    }
}

/// A page of a list.
struct WireList: Codable, Sendable {
    /// The total; nil leaves the key out, as some PortSIP lists do.
    var count: Int?
    var items: [WireNumber]
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
    var items: [WireNumber]
}

/// Any JSON value, so that bodies can be validated field by field with exact types.
enum JSONValue: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case string(String)
    case number(Double)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
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
}
