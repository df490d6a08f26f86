import NumSyncCore

/// Where the PBX is and how to talk to it.
public struct ConnectionSettings: Sendable {
    /// The server as the user gave it, e.g. `https://pbx.example.com:8887`.
    public var server: String
    /// How to authenticate.
    public var credentials: Credentials
    /// A PEM file of extra trusted certificates (a private CA or a self-signed PBX).
    public var caCertificatePath: String?
    /// Turns TLS verification off.
    public var insecure: Bool
    /// The most one request may take.
    public var timeout: Duration
    /// The most establishing a connection may take.
    public var connectTimeout: Duration
    /// Requests in flight at once, for listings and apply.
    public var parallelism: Int
    /// How transient failures are retried.
    public var retry: RetryPolicy

    /// Creates settings with PortSIP-friendly defaults.
    public init(
        server: String,
        credentials: Credentials,
        caCertificatePath: String? = nil,
        insecure: Bool = false,
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        parallelism: Int = 8,
        retry: RetryPolicy = .standard
    ) {
        self.server = server
        self.credentials = credentials
        self.caCertificatePath = caCertificatePath
        self.insecure = insecure
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.parallelism = parallelism
        self.retry = retry
    }

    /// The API base: the server with `/api` appended (once), without a trailing slash.
    public var apiBase: String {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/api") { base += "/api" }
        return base
    }

    /// Whether two server URLs name the same API, ignoring a trailing slash or `/api` and the
    /// case of scheme and host: how a saved plan is matched to the server it is applied to.
    public static func sameServer(_ first: String, _ second: String) -> Bool {
        origin(of: first).lowercased() == origin(of: second).lowercased()
    }

    private static func origin(of server: String) -> String {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/api") { base.removeLast(4) }
        return base
    }

    /// Problems with the URL itself, found before any request.
    public var urlProblem: String? {
        let lowered = server.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
            return "the server URL must start with https:// (or http://), got \(server.quotedForDisplay)"
        }
        let rest = server.drop(while: { $0 != "/" }).dropFirst(2)
        guard !rest.isEmpty, rest.first != "/" else { return "the server URL has no host: \(server)" }
        return nil
    }

    /// Whether the token would cross the network unencrypted (plain HTTP to a non-loopback host).
    public var sendsSecretsInClear: Bool {
        let lowered = server.lowercased()
        guard lowered.hasPrefix("http://") else { return false }
        let authority = lowered.dropFirst("http://".count).prefix { $0 != "/" }
        let host = authority.hasPrefix("[") ? authority.prefix { $0 != "]" } + "]" : authority.prefix { $0 != ":" }
        return !["127.0.0.1", "localhost", "[::1]"].contains(String(host))
    }
}
