/// What `apply` does with numbers the server holds but no file lists.
public enum UnmanagedPolicy: String, Sendable, Hashable, CaseIterable {
    /// List them in the plan and leave them alone (the default).
    case ignore
    /// Plan an update to `enabled: false`.
    case disable
    /// Plan a destroy.
    case delete
}
