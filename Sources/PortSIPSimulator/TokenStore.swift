import Foundation

/// Who may call the API: a fixed token, and tokens issued by sign-in that expire.
actor TokenStore {
    private struct Issued {
        var expires: ContinuousClock.Instant
    }

    private let fixedToken: String?
    private let lifetime: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var accessTokens: [String: Issued] = [:]
    private var refreshTokens: Set<String> = []

    init(fixedToken: String?, lifetimeSeconds: Int, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.fixedToken = fixedToken
        self.lifetime = .seconds(lifetimeSeconds)
        self.now = now
    }

    /// Whether a bearer token is valid now; nil when valid, else why not.
    func rejection(of token: String?) -> String? {
        guard let token, !token.isEmpty else { return "missing bearer token" }
        if let fixedToken, token == fixedToken { return nil }
        guard let issued = accessTokens[token] else { return "invalid token" }
        if now() >= issued.expires { return "token expired" }
        return nil
    }

    /// Issues a new access and refresh token.
    func issue() -> (access: String, refresh: String) {
        let access = Self.randomToken()
        let refresh = Self.randomToken()
        accessTokens[access] = Issued(expires: now() + lifetime)
        refreshTokens.insert(refresh)
        return (access, refresh)
    }

    /// Forgets every issued token, as a PBX restart would.
    func revokeAll() {
        accessTokens = [:]
        refreshTokens = []
    }

    /// Exchanges a refresh token (once) for new tokens.
    func refresh(_ token: String) -> (access: String, refresh: String)? {
        guard refreshTokens.remove(token) != nil else { return nil }
        return issue()
    }

    private static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }
}
