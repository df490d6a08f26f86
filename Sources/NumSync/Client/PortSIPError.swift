import NumSyncCore

/// Everything that can go wrong talking to the PBX, as a value that says where and what:
/// method, path, status, PortSIP's error code and message, and for transport failures whether
/// the request may have reached the server.
public struct PortSIPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether a failed request may have been seen by the server.
    public enum Delivery: String, Sendable, Hashable {
        /// Certainly never reached it (connect-phase failure): safe to send again.
        case notSent
        /// May have reached it: a create's outcome is unknown.
        case mayHaveReachedServer
    }

    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The server answered with an error status.
        case http(status: Int, code: String, message: String?)
        /// No usable answer: connection, TLS or timeout trouble.
        case transport(reason: String, delivery: Delivery, transient: Bool)
        /// No connection could be made at all (refused, unreachable, unknown host): certainly not
        /// sent, and worth only a few seconds of retrying.
        case unreachable(reason: String)
        /// An answer that is not what PortSIP sends.
        case invalidResponse(status: Int, reason: String)
        /// The listing did not add up; planning creates from it could duplicate numbers.
        case incompleteListing(reason: String)
        /// Signing in or using the token failed.
        case authentication(reason: String)
        /// The settings themselves are wrong (URL, CA file).
        case configuration(reason: String)
        /// Interrupted (Ctrl-C) before an answer.
        case cancelled
    }

    /// The HTTP method, e.g. `POST`; empty for configuration errors.
    public var method: String
    /// The path under the server, e.g. `/api/exclusive_numbers/NzAw...`.
    public var path: String
    /// What went wrong.
    public var kind: Kind

    /// Creates an error.
    public init(method: String, path: String, kind: Kind) {
        self.method = method
        self.path = path
        self.kind = kind
    }

    /// Whether the request may have changed the server although it failed: for a create this
    /// means "look before creating again". A 503 says the server did not take the request, like
    /// a 429.
    public var outcomeIsUnknown: Bool {
        switch kind {
        case .transport(_, let delivery, _): return delivery == .mayHaveReachedServer
        case .http(let status, _, _): return status >= 500 && status != 503
        case .cancelled: return true
        // A 2xx whose body cannot be read: the write happened, its result is unknown.
        case .invalidResponse(let status, _): return (200..<300).contains(status)
        default: return false
        }
    }

    /// Whether the server may still be working on the request after the failure: it gave no
    /// answer of its own (a timeout, a dropped connection, or a gateway's 502 or 504). A listing
    /// made now may predate the request's effect, so absence from it proves nothing.
    public var serverMayStillCommit: Bool {
        switch kind {
        case .transport(_, let delivery, _): return delivery == .mayHaveReachedServer
        case .http(let status, _, _): return status == 502 || status == 504
        case .cancelled: return true
        default: return false
        }
    }

    /// Whether no connection could be made at all.
    public var isConnectFailure: Bool {
        if case .unreachable = kind { return true }
        return false
    }

    /// Whether trying again later may succeed.
    public var isTransient: Bool {
        switch kind {
        case .transport(_, _, let transient): return transient
        case .unreachable: return true
        case .http(let status, _, _): return [429, 500, 502, 503, 504].contains(status)
        default: return false
        }
    }

    /// Whether sending the request again in a later run may succeed: a transient failure, an
    /// interruption, or an outcome nobody knows yet.
    public var mayPassLater: Bool {
        if case .cancelled = kind { return true }
        return isTransient || outcomeIsUnknown
    }

    public var description: String {
        let request = method.isEmpty ? "" : "\(method) \(path): "
        switch kind {
        case .http(let status, let code, let message):
            var text = "\(request)\(status) \(code)"
            if let message, !message.isEmpty { text += ": \(message)" }
            if status == 401 { text += " (the token was rejected)" }
            if status == 403 { text += " (the account lacks permission; PortSIP v22.3+ needs PhoneSystem.FullAccess)" }
            // The server's words are shown, never its control sequences.
            return text.escapingHiddenCharacters
        case .transport(let reason, let delivery, _):
            let note =
                delivery == .notSent
                ? "the request was not sent" : "the request may have reached the server"
            return "\(request)\(reason) (\(note))"
        case .unreachable(let reason):
            return "\(request)\(reason) (the request was not sent)"
        case .invalidResponse(let status, let reason):
            return "\(request)unexpected answer (status \(status)): \(reason.escapingHiddenCharacters)"
        case .incompleteListing(let reason):
            return "\(request)the listing is incomplete (\(reason)); no creates were planned"
        case .authentication(let reason):
            return "\(request)\(reason)"
        case .configuration(let reason):
            return reason
        case .cancelled:
            return "\(request)interrupted before an answer (the request may have reached the server)"
        }
    }
}

extension PortSIPError {
    // Wording of the errors the client raises itself, in one place.

    static func incomplete(_ method: String, _ path: String, _ reason: String) -> PortSIPError {
        PortSIPError(method: method, path: path, kind: .incompleteListing(reason: reason))
    }

    static func rejectedToken(_ method: String, _ path: String, code: String, message: String?) -> PortSIPError {
        PortSIPError(
            method: method, path: path,
            kind: .authentication(
                reason: "401 \(code)\(message.map { ": \($0)" } ?? ""): the token was rejected; check PORTSIP_TOKEN "
                    + "or --token-file, or the PORTSIP_USERNAME/PORTSIP_PASSWORD account"))
    }

    static func signInFailed(_ method: String, _ path: String, username: String, detail: String) -> PortSIPError {
        PortSIPError(
            method: method, path: path,
            kind: .authentication(reason: "sign-in as \(username.quotedForDisplay) failed: \(detail)"))
    }

    static func twoFactorRequired(_ method: String, _ path: String, username: String) -> PortSIPError {
        PortSIPError(
            method: method, path: path,
            kind: .authentication(
                reason: "the account \(username.quotedForDisplay) needs a second factor, which a non-interactive "
                    + "tool cannot give; create an API token and set PORTSIP_TOKEN instead"))
    }

    static func badCACertificate(_ path: String, _ detail: String) -> PortSIPError {
        PortSIPError(
            method: "", path: "",
            kind: .configuration(reason: "cannot use --ca-cert \(path): \(detail)"))
    }

    static func badURL(_ reason: String) -> PortSIPError {
        PortSIPError(method: "", path: "", kind: .configuration(reason: reason))
    }

    static func unusableCredentials(_ reason: String) -> PortSIPError {
        PortSIPError(method: "", path: "", kind: .configuration(reason: reason + "; nothing was sent"))
    }
}
