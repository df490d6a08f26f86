import NumSyncCore

// Small Codable shapes shared by the JSON plan, drift and apply documents.

/// A field value in JSON: a string or a boolean.
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

/// A server record.
struct JSONRecord: Codable, Hashable, Sendable {
    var id: String
    var number: String
    var enabled: Bool
    var description: String
    var created_at: String?

    init(_ record: ObservedNumber) {
        id = record.id
        number = record.number
        enabled = record.enabled
        description = record.description
        created_at = record.createdAt
    }

    var observed: ObservedNumber {
        ObservedNumber(id: id, number: number, enabled: enabled, description: description, createdAt: created_at)
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
    var number: String
    var managed: JSONRecord
    var extras: [JSONRecord]

    init(_ duplicate: ServerDuplicate) {
        number = duplicate.number
        managed = JSONRecord(duplicate.kept)
        extras = duplicate.extras.map(JSONRecord.init)
    }
}
