import Foundation
import NumSyncCore

/// The JSON form of a plan: what `plan --format json` prints and `plan --out` saves, and what
/// `apply --plan` reads back. Versioned by `format_version`; see docs/json-formats.md.
public struct PlanDocument: Codable, Sendable, Hashable {
    /// One operation.
    struct OperationEntry: Codable, Hashable, Sendable {
        var action: String
        var collection: String
        var number: String
        var id: String?
        /// The fields sent, by name.
        var send: [String: JSONFieldValue]
        var changes: [JSONChange]
        /// The server record the operation was computed from (absent for creates).
        var observed: JSONRecord?
        var source: JSONSource?
    }

    struct Summary: Codable, Hashable, Sendable {
        var create: Int
        var update: Int
        var disable: Int
        var delete: Int
        var unchanged: Int
        var unmanaged: Int
        var duplicates: Int

        init(_ summary: PlanSummary) {
            create = summary.create
            update = summary.update
            disable = summary.disable
            delete = summary.delete
            unchanged = summary.unchanged
            unmanaged = summary.unmanaged
            duplicates = summary.duplicates
        }
    }

    struct Desired: Codable, Hashable, Sendable {
        var files: [String]
        var digest: String?
        var numbers: Int
        var unmanaged_policy: String
    }

    var format_version: Int
    var kind: String
    var numsync_version: String
    var server: String
    var desired: Desired
    var summary: Summary
    var operations: [OperationEntry]
    var unmanaged: [JSONRecord]
    var duplicates: [JSONDuplicate]

    /// The document for a plan.
    public init(plan: Plan, context: PlanContext) {
        let summary = plan.summary
        format_version = NumSyncVersion.planFormatVersion
        kind = "plan"
        numsync_version = NumSyncVersion.current
        server = context.server
        desired = Desired(
            files: context.files, digest: context.digest, numbers: context.desiredCount,
            unmanaged_policy: plan.policy.unmanaged.rawValue)
        self.summary = Summary(summary)
        operations = plan.operations.map { operation in
            OperationEntry(
                action: operation.action.rawValue, collection: operation.collection.path, number: operation.number,
                id: operation.id,
                send: Dictionary(
                    uniqueKeysWithValues: operation.assignments.map { ($0.field.rawValue, JSONFieldValue($0.value)) }),
                changes: operation.changes.map {
                    JSONChange(
                        field: $0.field.rawValue, before: JSONFieldValue($0.before), after: JSONFieldValue($0.after))
                },
                observed: operation.observed.map(JSONRecord.init), source: operation.source.map(JSONSource.init))
        }
        unmanaged = plan.unmanaged.map(JSONRecord.init)
        duplicates = plan.duplicates.map(JSONDuplicate.init)
    }

    /// Pretty, key-sorted JSON, ending with a newline.
    public func encoded() -> String {
        JSONOutput.encode(self)
    }

    /// Reads a saved plan; the error says what is wrong with it.
    public static func decode(_ bytes: [UInt8], path: String) throws(SavedPlanError) -> PlanDocument {
        struct Header: Decodable {
            var format_version: Int?
            var kind: String?
            var numsync_version: String?
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes)) else {
            throw .unreadable(path, "not a JSON plan written by numsync plan --out")
        }
        guard header.kind == "plan" else {
            throw .unreadable(path, "not a numsync plan (kind is \(header.kind ?? "missing"))")
        }
        guard header.format_version == NumSyncVersion.planFormatVersion else {
            throw .incompatible(
                path,
                "plan format \(header.format_version.map(String.init) ?? "unknown") written by numsync "
                    + "\(header.numsync_version ?? "unknown"); this numsync (\(NumSyncVersion.current)) reads format "
                    + "\(NumSyncVersion.planFormatVersion). Make a new plan.")
        }
        do {
            return try JSONDecoder().decode(PlanDocument.self, from: Data(bytes))
        } catch {
            throw .unreadable(path, "damaged plan file (\(error))")
        }
    }

    /// The operations, rebuilt exactly as planned.
    public func planOperations() throws(SavedPlanError) -> [Operation] {
        try operations.map { entry throws(SavedPlanError) -> Operation in
            guard let action = Operation.Action(rawValue: entry.action) else {
                throw .unreadable("", "unknown action \(entry.action.quotedForDisplay)")
            }
            guard entry.collection == ResourceCollection.exclusiveNumbers.path else {
                throw .unreadable("", "unknown collection \(entry.collection.quotedForDisplay)")
            }
            let collection = ResourceCollection.exclusiveNumbers
            let assignments = collection.fields.compactMap { field in
                entry.send[field.rawValue].map { Operation.Assignment(field, $0.value) }
            }
            let changes = try entry.changes.map { change throws(SavedPlanError) -> FieldChange in
                guard let field = Field(rawValue: change.field) else {
                    throw .unreadable("", "unknown field \(change.field.quotedForDisplay)")
                }
                return FieldChange(field: field, before: change.before.value, after: change.after.value)
            }
            return Operation(
                action: action, collection: collection, number: entry.number, id: entry.id, assignments: assignments,
                changes: changes, observed: entry.observed?.observed, source: entry.source?.location)
        }
    }

    /// The server the plan was made for.
    public var serverURL: String { server }
    /// The digest of the desired files the plan was made from.
    public var desiredDigest: String? { desired.digest }
    /// The files the plan was made from.
    public var desiredFiles: [String] { desired.files }
}

/// Why a saved plan cannot be used.
public enum SavedPlanError: Error, Sendable, CustomStringConvertible {
    /// Not a plan, or damaged.
    case unreadable(String, String)
    /// Written by an incompatible version.
    case incompatible(String, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return path.isEmpty ? reason : "\(path): \(reason)"
        case .incompatible(let path, let reason): return "\(path): \(reason)"
        }
    }
}

/// Deterministic JSON text for every document numsync prints.
enum JSONOutput {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these plain documents cannot fail.
        let data = try! encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
