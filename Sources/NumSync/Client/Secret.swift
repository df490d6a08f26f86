/// A token or password: it prints as `<redacted>` so that it cannot leak through a log line,
/// an error message or a debug dump.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret text; read it only to put it on the wire.
    public let revealed: String

    /// Wraps a secret.
    public init(_ value: String) {
        self.revealed = value
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

/// How numsync proves who it is to the PBX.
public enum Credentials: Sendable, Hashable {
    /// A bearer token (`PORTSIP_TOKEN` or `--token-file`).
    case token(Secret)
    /// Sign in with a user name and password, for a tenant `domain` if given.
    case signIn(username: String, password: Secret, domain: String?)
}

extension Credentials {
    /// Why these credentials cannot be used, found before any request; the reason never
    /// contains the secret. nil when they are fine.
    ///
    /// A token travels in a header, where only visible ASCII is safe: a line break or control
    /// character there is refused by the HTTP library with an error that repeats the header's
    /// value. Passwords, user names and domains travel in bodies, where only control characters
    /// are a sign that something went wrong when the variable was set.
    public var problem: String? {
        switch self {
        case .token(let token):
            guard !token.revealed.isEmpty else { return "the token is empty" }
            let usable = token.revealed.utf8.allSatisfy { (0x21...0x7E).contains($0) }
            return usable
                ? nil
                : "the token holds a line break, a space or another character an HTTP header cannot carry "
                    + "(a token is visible ASCII only)"
        case .signIn(let username, let password, let domain):
            if username.unicodeScalars.contains(where: \.properties.isControlCharacter) {
                return "the user name holds a control character (a line break?)"
            }
            if password.revealed.unicodeScalars.contains(where: \.properties.isControlCharacter) {
                return "the password holds a control character (a line break?)"
            }
            if let domain, domain.unicodeScalars.contains(where: \.properties.isControlCharacter) {
                return "the domain holds a control character (a line break?)"
            }
            return nil
        }
    }
}

extension Unicode.Scalar.Properties {
    /// C0 and C1 controls and DEL.
    fileprivate var isControlCharacter: Bool { generalCategory == .control }
}
