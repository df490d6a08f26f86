/// What must change in one relation of a list's records: ordinary `Change`s of relation scope,
/// with the errors and warnings found planning them. A list's plan takes them in
/// (`ListPlan.add(_:)`), so that every stage after planning sees one stream of changes.
public struct RelationPlan: Sendable, Hashable {
    /// The relation.
    public var relation: Relation
    /// The changes, sorted (`Change.precedes`).
    public var changes: [Change]
    /// Errors: nothing may be applied while there are any.
    public var problems: [Diagnostic]
    /// Warnings.
    public var warnings: [Diagnostic]

    /// A relation's plan from its parts; the changes are sorted, the diagnostics too.
    public init(relation: Relation, changes: [Change], problems: [Diagnostic] = [], warnings: [Diagnostic] = []) {
        self.relation = relation
        self.changes = changes.sorted(by: Change.precedes)
        self.problems = problems.sorted()
        self.warnings = warnings.sorted()
    }
}
