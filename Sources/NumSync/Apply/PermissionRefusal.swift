import NumSyncCore

/// The PBX says the signed-in account may not write a list the plan changes: refused before the
/// first write (exit 1), since the first write would fail halfway through the apply.
public struct PermissionRefusal: Error, Sendable, CustomStringConvertible {
    /// The lists the plan changes that the account may not write, in plan order.
    public var lists: [PortSIPList]
    /// The account's role, when the PBX says it.
    public var role: String?

    public var description: String {
        let named = lists.map { "\($0.key) (needs \($0.path):write)" }.joined(separator: ", ")
        return "the PBX says the account\(role.map { " (\($0))" } ?? "") may not write \(named), which the plan "
            + "changes; nothing was written. Use an account that may, or leave those changes out of the files "
            + "(numsync doctor shows what the account may do)"
    }
}

extension ApplySession {
    /// Refuses a plan that changes a list the PBX says the account may not write: one request
    /// (`GET /api/auth/user`), before any write. A PBX that does not say what the account may do
    /// (before v22.3) is not refused on that ground.
    public func checkPermissions(_ plan: Plan) async throws {
        let changed = plan.lists.filter { !$0.changes.isEmpty }.map(\.list)
        guard !changed.isEmpty, let account = try await reconciler.client.account(),
            let capabilities = account.capabilities
        else { return }
        let denied = changed.filter { !capabilities.permits("write", on: $0) }
        guard denied.isEmpty else { throw PermissionRefusal(lists: denied, role: account.role) }
    }
}
