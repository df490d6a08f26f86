import NumSyncCore

/// The client's view of PortSIP's JSON: tolerant in what it accepts, exact in what it sends.
enum Wire {
    /// A page of `GET /api/exclusive_numbers`. `count` is the total, when the server sends one
    /// (some PortSIP lists do not): never guessed from the items.
    struct Page: Decodable {
        var count: Int?
        var items: [Item]

        enum CodingKeys: String, CodingKey {
            case count
            case items
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
            count = try container.decodeIfPresent(Int.self, forKey: .count)
        }
    }

    /// One exclusive number.
    struct Item: Decodable {
        var id: String
        var number: String
        var createdAt: String?
        var enabled: Bool
        var description: String?

        enum CodingKeys: String, CodingKey {
            case id
            case number
            case createdAt = "created_at"
            case enabled
            case description
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try Wire.decodeID(container, .id)
            number = try container.decodeIfPresent(String.self, forKey: .number) ?? ""
            createdAt = try container.decodeIfPresent(String.self, forKey: .createdAt)
            // PortSIP documents `enabled` as defaulting to true; a missing or null one is true.
            enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
            description = try container.decodeIfPresent(String.self, forKey: .description)
        }

        var observed: ObservedNumber {
            ObservedNumber(
                id: id, number: number, enabled: enabled, description: description ?? "", createdAt: createdAt)
        }
    }

    /// The answer to a create.
    struct Created: Decodable {
        var id: String

        enum CodingKeys: String, CodingKey {
            case id
        }

        init(from decoder: any Decoder) throws {
            id = try Wire.decodeID(try decoder.container(keyedBy: CodingKeys.self), .id)
        }
    }

    /// PortSIP's error body: `{"errors":[{"code":"VALIDATE_FAILED","message":"..."}]}`.
    struct ErrorBody: Decodable {
        struct Item: Decodable {
            var code: String?
            var message: String?
        }
        var errors: [Item]?
    }

    /// Ids are opaque strings; a server that sends a bare number is tolerated.
    static func decodeID<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, _ key: Key) throws -> String {
        if let text = try? container.decode(String.self, forKey: key) { return text }
        if let number = try? container.decode(Int64.self, forKey: key) { return String(number) }
        throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "id is not a string")
    }
}

/// Writes JSON text by hand, so that dry-run shows byte for byte what is sent.
enum JSONText {
    /// A JSON object of field assignments, in the order given.
    static func object(_ assignments: [Change.Assignment]) -> String {
        "{" + assignments.map { "\(string($0.field.rawValue)):\(value($0.value))" }.joined(separator: ",") + "}"
    }

    /// A JSON object of string fields, in the order given.
    static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\(string($0.0)):\(string($0.1))" }.joined(separator: ",") + "}"
    }

    static func value(_ value: FieldValue) -> String {
        switch value {
        case .bool(let flag): return flag ? "true" : "false"
        case .string(let text): return string(text)
        }
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
