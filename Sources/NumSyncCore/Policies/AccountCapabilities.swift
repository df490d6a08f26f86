/// What a PBX says the signed-in account may do (`GET /api/auth/user` → `capabilities`, from
/// v22.3). Their form is not documented: read tolerantly, and "unknown" where they do not say.
public struct AccountCapabilities: Sendable, Hashable {
    /// The capabilities as the PBX sent them.
    public var entries: [String]

    /// Creates capabilities.
    public init(_ entries: [String]) {
        self.entries = entries
    }

    /// Whether the account may `action` (`read` or `write`) the list: true or false when an entry
    /// says so (`exclusive_numbers:write`, `exclusive_numbers.write`, `write:exclusive_numbers`,
    /// `exclusive_numbers` for every action, `*` or `all` for everything); false when no entry
    /// names the list, since the PBX lists what the account may do.
    public func permits(_ action: String, on list: PortSIPList) -> Bool {
        for entry in entries {
            let parts = entry.lowercased().split(whereSeparator: { $0 == ":" || $0 == "." || $0 == "/" }).map(
                String.init)
            if parts == ["*"] || parts == ["all"] { return true }
            guard parts.contains(list.path) || parts.contains(list.key) else { continue }
            let actions = parts.filter { $0 != list.path && $0 != list.key }
            if actions.isEmpty || actions.contains(action) || actions.contains("*") || actions.contains("all") {
                return true
            }
            // Writing a list implies reading it.
            if action == "read", actions.contains("write") { return true }
        }
        return false
    }
}
