import Foundation
import NumSyncCore

/// A plan saved by `numsync plan --out`, read back and checked as strictly as a desired-state
/// file (see `PlanDocument.planChanges(path:)`): what `apply --plan` carries out.
public struct SavedPlan: Sendable {
    /// Where it was read from.
    public var path: String
    /// The document.
    public var document: PlanDocument
    /// Its changes, of records and then of relations, consistent with themselves and each other.
    public var changes: [Change]

    /// Reads and checks the plan at `path`.
    public static func load(_ path: String) throws(SavedPlanError) -> SavedPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path, "cannot read the file")
        }
        let document = try PlanDocument.decode([UInt8](data), path: path)
        let changes = try document.planChanges(path: path)
        return SavedPlan(
            path: path, document: document,
            changes: changes + (try document.planRelationChanges(path: path, creates: changes)))
    }
}
