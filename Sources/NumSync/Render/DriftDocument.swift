import NumSyncCore

/// The JSON form of a drift report (`drift --format json`).
public struct DriftDocument: Encodable, Sendable {
    struct Changed: Codable, Sendable {
        var number: String
        var id: String
        var fields: [Field]
        var source: JSONSource?

        struct Field: Codable, Sendable {
            var field: String
            var server: JSONFieldValue
            var desired: JSONFieldValue
        }
    }

    /// A wanted record: every field by name, and where it is written.
    struct Missing: Encodable, Sendable {
        var fields: [String: JSONFieldValue]
        var source: JSONSource

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: JSONKey.self)
            for (name, value) in fields { try container.encode(value, forKey: JSONKey(name)) }
            try container.encode(source, forKey: JSONKey("source"))
        }
    }

    struct Summary: Codable, Sendable {
        var changed: Int
        var missing: Int
        var unmanaged: Int
        var duplicates: Int
        var in_sync: Int
    }

    var format_version: Int
    var kind: String
    var numsync_version: String
    var server: String
    var drifted: Bool
    var ignore_unmanaged: Bool
    var summary: Summary
    var changed: [Changed]
    var missing: [Missing]
    var unmanaged: [JSONRecord]
    var duplicates: [JSONDuplicate]

    /// The document for a report.
    public init(_ report: DriftReport, server: String) {
        format_version = 1
        kind = "drift"
        numsync_version = NumSyncVersion.current
        self.server = server
        drifted = report.hasDrift
        ignore_unmanaged = report.ignoresUnmanaged
        summary = Summary(
            changed: report.changed.count, missing: report.missing.count, unmanaged: report.unmanaged.count,
            duplicates: report.duplicates.count, in_sync: report.inSyncCount)
        changed = report.changed.map { change in
            Changed(
                number: change.number, id: change.id,
                fields: change.fields.map {
                    Changed.Field(
                        field: $0.field.rawValue, server: JSONFieldValue($0.before), desired: JSONFieldValue($0.after))
                }, source: change.source.map(JSONSource.init))
        }
        let collection = report.collection
        missing = report.missing.map { wanted in
            Missing(
                fields: Dictionary(
                    uniqueKeysWithValues: collection.fields.map { ($0.name, JSONFieldValue(wanted[$0])) }),
                source: JSONSource(wanted.source))
        }
        unmanaged = report.unmanaged.map { JSONRecord($0, in: collection) }
        duplicates = report.duplicates.map { JSONDuplicate($0, in: collection) }
    }

    /// Pretty, key-sorted JSON.
    public func encoded() -> String { JSONOutput.encode(self) }
}
