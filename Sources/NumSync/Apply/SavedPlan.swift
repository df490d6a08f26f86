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
        let records = try document.planChanges(path: path)
        let changes = records + (try document.planRelationChanges(path: path, creates: records))
        // Dependencies are not saved: they follow from the changes, as when the plan was made.
        let lists = (PortSIPList.all + PortSIPList.readOnly).map { list in
            ListPlan(
                list: list, changes: changes.filter { $0.list.key == list.key },
                unchangedCount: 0, unmanaged: [], duplicates: [], policy: PlanPolicy(unmanaged: .ignore),
                observedCount: 0, relations: list.relations)
        }
        let ordered = Plan(lists: lists).orderingMembersAndAgents().changes
        return SavedPlan(
            path: path, document: document,
            changes: ordered.filter(\.isRecordChange) + ordered.filter { !$0.isRecordChange })
    }

    /// Refuses the plan when it is older than `limit` at `now`, or records no time it was made
    /// (fail closed: an undated plan cannot be shown to be recent). Sends nothing.
    public func checkAge(_ limit: PlanAgeLimit, now: Timestamp) throws(Refusal) {
        let files = document.desiredFiles
        guard let text = document.createdAt, let made = Timestamp(rfc3339: text) else {
            throw .tooOld(path: path, files: files, createdAt: nil, age: nil, limit: limit)
        }
        if let age = limit.excess(madeAt: made, now: now) {
            throw .tooOld(path: path, files: files, createdAt: made.utcText, age: age, limit: limit)
        }
    }
}
