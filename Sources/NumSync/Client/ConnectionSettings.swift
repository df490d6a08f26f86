import NumSyncCore

/// Where the PBX is and how to talk to it.
public struct ConnectionSettings: Sendable {
    /// The server, e.g. `https://pbx.example.com:8887`.
    public var server: ServerAddress
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
    /// Requests a minute every request to this PBX is paced to (`RequestPacer`); nil for none.
    public var rateLimitPerMinute: Int?

    /// Creates settings with PortSIP-friendly defaults.
    public init(
        server: ServerAddress,
        credentials: Credentials,
        caCertificatePath: String? = nil,
        insecure: Bool = false,
        timeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        parallelism: Int = 8,
        retry: RetryPolicy = .standard,
        rateLimitPerMinute: Int? = nil
    ) {
        self.rateLimitPerMinute = rateLimitPerMinute
        self.server = server
        self.credentials = credentials
        self.caCertificatePath = caCertificatePath
        self.insecure = insecure
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.parallelism = parallelism
        self.retry = retry
    }

    /// The API base: `https://pbx.example.com:8887/api`.
    public var apiBase: String { server.apiBase }

    /// Whether a saved plan's server (as its document records it) names this server, ignoring a
    /// trailing slash or `/api` and the case of scheme and host.
    public static func sameServer(_ planned: String, _ server: ServerAddress) -> Bool {
        guard let planned = try? ServerAddress(planned) else { return false }
        return planned.isSameServer(as: server)
    }
}
