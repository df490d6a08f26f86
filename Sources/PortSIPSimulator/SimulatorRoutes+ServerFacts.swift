import Hummingbird
import NumSyncCore

// What a PBX says about itself and the signed-in account: its version and the account's role
// and capabilities (`--pbx-version`, `--role`, `--capabilities`), to play older and restricted
// PBXs.

extension SimulatorRoutes {
    /// `GET /api/tenant/status` and `GET /api/auth/user`, behind the token check.
    func addServerFacts(to router: Router<SimulatorContext>) {
        let api = router.group("/api").add(middleware: ListGuard(routes: self))
        api.get("tenant/status") { _, _ in
            guard let version = configuration.pbxVersion else {
                return try error(.notFound, "NOT_FOUND", "no route for GET /api/tenant/status")
            }
            return try json(.ok, ["version": version])
        }
        api.get("auth/user") { _, _ in
            try json(.ok, AccountFacts(role: configuration.accountRole, capabilities: configuration.capabilities))
        }
    }
}

/// The answer of `GET /api/auth/user`; `capabilities` is absent before v22.3.
struct AccountFacts: Encodable {
    var role: String
    var capabilities: [String]?
}
