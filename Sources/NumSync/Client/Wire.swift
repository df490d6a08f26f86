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

    /// Where decoding finds the list whose records it reads.
    static let listKey = CodingUserInfoKey(rawValue: "numsync.list")!

    /// One record of a list, read by the list's declaration (`decoder.userInfo[listKey]`).
    /// Tolerant: a missing or null field has its declared default (`enabled` true, a text `""`).
    struct Item: Decodable {
        var id: String
        var number: String
        var createdAt: String?
        var values: [FieldValue]

        init(from decoder: any Decoder) throws {
            guard let list = decoder.userInfo[Wire.listKey] as? PortSIPList else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "a record read without its list"))
            }
            let container = try decoder.container(keyedBy: JSONKey.self)
            id = try Wire.decodeID(container, JSONKey("id"))
            number = try container.decodeIfPresent(String.self, forKey: JSONKey(list.keyField.name)) ?? ""
            createdAt = try container.decodeIfPresent(String.self, forKey: JSONKey("created_at"))
            values = try list.valueFields.map { field in
                let key = JSONKey(field.name)
                switch field.kind {
                case .bool:
                    return try container.decodeIfPresent(Bool.self, forKey: key).map(FieldValue.bool)
                        ?? field.defaultValue
                case .text, .choice, .timestamp:
                    return try container.decodeIfPresent(String.self, forKey: key).map(FieldValue.string)
                        ?? field.defaultValue
                }
            }
        }

        var observed: ObservedRecord {
            ObservedRecord(id: id, key: number, values: FieldValues(values), createdAt: createdAt)
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
    /// A JSON object of field assignments, in the order given. A timestamp is sent in UTC
    /// (`Z`), the form PortSIP writes its own. A blank field is left out of a create
    /// (`omittingBlanks`: PortSIP types these fields as strings, and a create has no value to
    /// give); in an update a blank timestamp is sent as null, which clears it, as there is no
    /// instant to send, and a blank text as `""`.
    static func object(_ assignments: [Change.Assignment], omittingBlanks: Bool = false) -> String {
        "{"
            + assignments.compactMap { assignment -> String? in
                let field = assignment.field
                let blank = assignment.isBlank
                if blank, omittingBlanks { return nil }
                var sent = value(assignment.value)
                if field.kind == .timestamp, case .string(let text) = assignment.value {
                    sent = blank ? "null" : string(Timestamp(rfc3339: text)?.utcText ?? text)
                }
                return "\(string(field.rawValue)):\(sent)"
            }.joined(separator: ",") + "}"
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
