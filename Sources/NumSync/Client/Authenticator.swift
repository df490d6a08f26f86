import Foundation
import NumSyncCore

/// Holds the bearer token: a fixed one, or one obtained by signing in and renewed before it
/// expires (and once more when the server answers 401).
actor Authenticator {
    /// Which sign-in API the PBX speaks.
    enum Flavour: Sendable {
        /// `POST /api/auth/sign_in` (v22.2 and later).
        case signIn
        /// `POST /api/login/oauth/token` (earlier v22).
        case oauth
    }

    struct Session: Sendable {
        var access: Secret
        var refresh: Secret?
        var renewAt: ContinuousClock.Instant?
        var flavour: Flavour
    }

    /// PortSIP's documented OAuth client id.
    static let oauthClientID = "9d806019-75b2-4b3d-bb8b-f5a3a412cc0a"

    let credentials: Credentials
    let time: TimeSource
    private var session: Session?
    private var renewal: Task<Session, any Error>?
    private var flavour: Flavour = .signIn

    init(credentials: Credentials, time: TimeSource) {
        self.credentials = credentials
        self.time = time
    }

    /// The token to send now, signing in or renewing first if needed.
    func token(using client: PortSIPClient) async throws -> Secret {
        switch credentials {
        case .token(let token):
            return token
        case .signIn:
            if let session, session.renewAt.map({ time.now() < $0 }) ?? true {
                return session.access
            }
            return try await renew(using: client).access
        }
    }

    /// Called after a 401 with `token`: true when a new token was obtained and the request may be
    /// tried once more.
    func recover(fromRejected token: Secret, using client: PortSIPClient) async -> Bool {
        guard case .signIn = credentials else { return false }
        if let session, session.access != token { return true }
        session = nil
        return (try? await renew(using: client, preferRefresh: false)) != nil
    }

    private func renew(using client: PortSIPClient, preferRefresh: Bool = true) async throws -> Session {
        if let renewal { return try await renewal.value }
        let previous = preferRefresh ? session : nil
        let task = Task { [flavour, credentials, time] in
            try await Self.obtain(
                previous: previous, flavour: flavour, credentials: credentials, client: client, time: time)
        }
        renewal = task
        defer { renewal = nil }
        let fresh = try await task.value
        session = fresh
        flavour = fresh.flavour
        return fresh
    }

    /// Refreshes `previous` if it has a refresh token, else signs in (falling back to OAuth).
    private static func obtain(
        previous: Session?, flavour: Flavour, credentials: Credentials, client: PortSIPClient, time: TimeSource
    ) async throws -> Session {
        guard case .signIn(let username, let password, let domain) = credentials else {
            throw PortSIPError.badURL("internal: sign-in without credentials")
        }
        if let previous, let refresh = previous.refresh {
            let request: APIRequest
            switch previous.flavour {
            case .signIn:
                request = APIRequest(
                    method: "POST", path: "/auth/refresh_token",
                    body: JSONText.object([("refresh_token", refresh.revealed)]), intent: .authentication)
            case .oauth:
                request = APIRequest(
                    method: "POST", path: "/login/oauth/token",
                    body: formBody([
                        ("grant_type", "refresh_token"), ("refresh_token", refresh.revealed),
                        ("client_id", oauthClientID),
                    ]), contentType: "application/x-www-form-urlencoded", intent: .authentication)
            }
            if let response = try? await client.perform(request, authenticated: false),
                let session = try? parseSession(
                    response, flavour: previous.flavour, request: request, username: username, time: time)
            {
                return session
            }
            // A refused refresh is not fatal: sign in again below.
        }
        if flavour == .signIn {
            var fields = [("username", username), ("password", password.revealed)]
            if let domain { fields.append(("domain", domain)) }
            let request = APIRequest(
                method: "POST", path: "/auth/sign_in", body: JSONText.object(fields), intent: .authentication)
            do {
                let response = try await client.perform(request, authenticated: false)
                return try parseSession(response, flavour: .signIn, request: request, username: username, time: time)
            } catch let error as PortSIPError {
                guard case .http(404, _, _) = error.kind else {
                    throw wrapSignInError(error, request: request, username: username)
                }
                // 404: a PBX older than v22.2; use the OAuth endpoint.
            }
        }
        var fields = [
            ("grant_type", "password"), ("username", username), ("password", password.revealed), ("scope", "all"),
            ("client_id", oauthClientID),
        ]
        if let domain { fields.append(("domain", domain)) }
        let request = APIRequest(
            method: "POST", path: "/login/oauth/token", body: formBody(fields),
            contentType: "application/x-www-form-urlencoded", intent: .authentication)
        do {
            let response = try await client.perform(request, authenticated: false)
            return try parseSession(response, flavour: .oauth, request: request, username: username, time: time)
        } catch let error as PortSIPError {
            throw wrapSignInError(error, request: request, username: username)
        }
    }

    private static func wrapSignInError(_ error: PortSIPError, request: APIRequest, username: String) -> PortSIPError {
        switch error.kind {
        case .http(let status, let code, let message):
            return .signInFailed(
                request.method, "/api" + request.path, username: username,
                detail: "\(status) \(code)\(message.map { ": \($0)" } ?? "")")
        default:
            return error
        }
    }

    private static func parseSession(
        _ response: APIResponse, flavour: Flavour, request: APIRequest, username: String, time: TimeSource
    ) throws -> Session {
        let path = "/api" + request.path
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw PortSIPError(
                method: request.method, path: path,
                kind: .invalidResponse(status: response.status, reason: "the sign-in answer is not a JSON object"))
        }
        guard let access = object["access_token"] as? String, !access.isEmpty else {
            let hints = ["two_factor", "2fa", "mfa", "otp", "verification", "totp"]
            if object.keys.contains(where: { key in hints.contains { key.lowercased().contains($0) } }) {
                throw PortSIPError.twoFactorRequired(request.method, path, username: username)
            }
            throw PortSIPError(
                method: request.method, path: path,
                kind: .invalidResponse(status: response.status, reason: "the sign-in answer has no access_token"))
        }
        var renewAt: ContinuousClock.Instant?
        let expiresIn = (object["expires_in"] as? Int) ?? (object["expires_in"] as? String).flatMap { Int($0) }
        if let expiresIn, expiresIn > 0 {
            // Renew a little before the end: a tenth of the lifetime, at most a minute.
            let margin = min(60.0, Double(expiresIn) / 10)
            renewAt = time.now() + .milliseconds(Int((Double(expiresIn) - margin) * 1000))
        }
        return Session(
            access: Secret(access), refresh: (object["refresh_token"] as? String).map(Secret.init), renewAt: renewAt,
            flavour: flavour)
    }

    private static func formBody(_ fields: [(String, String)]) -> String {
        fields.map { "\(formEscape($0.0))=\(formEscape($0.1))" }.joined(separator: "&")
    }

    private static func formEscape(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._*")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
