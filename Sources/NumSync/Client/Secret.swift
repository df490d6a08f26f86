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
