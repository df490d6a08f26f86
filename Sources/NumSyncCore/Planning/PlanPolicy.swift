/// The choices that shape a plan beyond the files and the server.
public struct PlanPolicy: Sendable, Hashable {
    /// What to do with numbers no file lists.
    public var unmanaged: UnmanagedPolicy

    /// Creates a policy.
    public init(unmanaged: UnmanagedPolicy) {
        self.unmanaged = unmanaged
    }

    /// The policy the files ask for.
    public init(for desired: DesiredList) {
        self.unmanaged = desired.unmanaged
    }
}
