import NumSyncCore

// Small Codable shapes shared by the JSON plan, drift and apply documents.

/// A field value in JSON: a string or a boolean. A blank timestamp is `""` here; only requests
/// send it as null.
enum JSONFieldValue: Codable, Hashable, Sendable {
    case string(String)
    case bool(Bool)

    init(_ value: FieldValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        }
    }

    var value: FieldValue {
        switch self {
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .bool(let flag): try container.encode(flag)
        }
    }
}

/// `{"file": ..., "line": ..., "column": ...}`.
struct JSONSource: Codable, Hashable, Sendable {
    var file: String
    var line: Int
    var column: Int

    init(_ location: SourceLocation) {
        file = location.file
        line = location.line
        column = location.column
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }
}

/// Any key, for JSON objects whose keys are a list's field names.
struct JSONKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A server record: `id`, every field by its name (as the list declares them), `created_at`.
struct JSONRecord: Codable, Hashable, Sendable {
    var id: String
    var created_at: String?
    /// The list it belongs to, where the record stands on its own (not inside a change that
    /// names its list).
    var collection: String?
    /// Every field, the key included, by name.
    var fields: [String: JSONFieldValue]

    init(_ record: ObservedRecord, in list: PortSIPList, named: Bool = false) {
        id = record.id
        created_at = record.createdAt
        self.collection = named ? list.key : nil
        fields = Dictionary(uniqueKeysWithValues: list.fields.map { ($0.name, JSONFieldValue(record[$0])) })
    }

    /// The record, when it holds every field of `list` with a value of the right kind.
    func observed(in list: PortSIPList) -> ObservedRecord? {
        guard case .string(let number)? = fields[list.keyField.name] else { return nil }
        var values: [FieldValue] = []
        for field in list.valueFields {
            guard let value = fields[field.name]?.value, field.accepts(value) else { return nil }
            values.append(value)
        }
        return ObservedRecord(id: id, key: number, values: FieldValues(values), createdAt: created_at)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        id = try container.decode(String.self, forKey: JSONKey("id"))
        created_at = try container.decodeIfPresent(String.self, forKey: JSONKey("created_at"))
        collection = try container.decodeIfPresent(String.self, forKey: JSONKey("collection"))
        fields = [:]
        for key in container.allKeys where !["id", "created_at", "collection"].contains(key.stringValue) {
            fields[key.stringValue] = try container.decode(JSONFieldValue.self, forKey: key)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(id, forKey: JSONKey("id"))
        try container.encodeIfPresent(created_at, forKey: JSONKey("created_at"))
        try container.encodeIfPresent(collection, forKey: JSONKey("collection"))
        for (name, value) in fields { try container.encode(value, forKey: JSONKey(name)) }
    }
}

/// One changed field.
struct JSONChange: Codable, Hashable, Sendable {
    var field: String
    var before: JSONFieldValue
    var after: JSONFieldValue
}

/// A duplicated number.
struct JSONDuplicate: Codable, Hashable, Sendable {
    var collection: String
    var number: String
    var managed: JSONRecord
    var extras: [JSONRecord]

    init(_ duplicate: ServerDuplicate, in list: PortSIPList) {
        self.collection = list.key
        number = duplicate.number
        managed = JSONRecord(duplicate.kept, in: list)
        extras = duplicate.extras.map { JSONRecord($0, in: list) }
    }
}
