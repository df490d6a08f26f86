import Foundation

/// Where a PBX is: scheme, host, port and an optional path prefix, read by a URL parser and
/// shown everywhere as its origin (plus the prefix), never with anything secret in it.
///
/// A URL with a user name or password, a query or a fragment is refused: those parts end up in
/// plans, reports and shell history, and numsync has better places for credentials.
public struct ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`, lower case.
    public let scheme: String
    /// The host, lower case; IPv6 addresses in brackets.
    public let host: String
    /// The port as written, if any.
    public let port: Int?
    /// A path prefix before `/api` (for a reverse proxy), without a trailing slash; usually empty.
    public let pathPrefix: String

    /// Parses `text`; the error never repeats the URL, which may hold a password.
    public init(_ text: String) throws(PortSIPError) {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased()
        else { throw .badURL(Refusal.notAURL) }
        guard scheme == "https" || scheme == "http" else { throw .badURL(Refusal.scheme) }
        guard components.user == nil, components.password == nil else { throw .badURL(Refusal.userInfo) }
        guard components.query == nil, components.fragment == nil else {
            throw .badURL(Refusal.queryOrFragment)
        }
        guard let host = components.percentEncodedHost, !host.isEmpty else { throw .badURL(Refusal.noHost) }
        if let port = components.port, !(1...65535).contains(port) { throw .badURL(Refusal.port(port)) }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/api") { path.removeLast(4) }
        while path.hasSuffix("/") { path.removeLast() }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port
        self.pathPrefix = path
    }

    /// `https://pbx.example.com:8887`: what plans, reports and messages show.
    public var description: String {
        "\(scheme)://\(host)\(port.map { ":\($0)" } ?? "")\(pathPrefix)"
    }

    /// `https://pbx.example.com:8887/api`.
    public var apiBase: String { description + "/api" }

    /// `pbx.example.com:8887`, with the scheme's default port when none is written: where
    /// connections go, for connection errors.
    public var authority: String { "\(host):\(effectivePort)" }

    /// Whether requests travel unencrypted.
    public var isPlainHTTP: Bool { scheme == "http" }

    /// Whether the host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    public var isLoopback: Bool {
        if host == "localhost" || host == "[::1]" || host == "[0:0:0:0:0:0:0:1]" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets[0] == "127" else { return false }
        return octets.allSatisfy { octet in UInt8(octet).map { String($0) == octet } ?? false }
    }

    /// Whether two addresses name the same API: same scheme, host, effective port and prefix.
    public func isSameServer(as other: ServerAddress) -> Bool {
        serverKey == other.serverKey
    }

    /// What is the same for two addresses of the same API and differs otherwise:
    /// `https://pbx.example.com:443/prefix`.
    public var serverKey: String {
        "\(scheme)://\(host):\(effectivePort)\(pathPrefix)"
    }

    var effectivePort: Int { port ?? (scheme == "https" ? 443 : 80) }

    /// Wording of the refusals, in one place.
    private enum Refusal {
        static let notAURL = "the server URL is not a URL; write it as https://pbx.example.com:8887"
        static let scheme = "the server URL must start with https:// (or http://), e.g. https://pbx.example.com:8887"
        static let noHost = "the server URL has no host; write it as https://pbx.example.com:8887"
        static let userInfo =
            "the server URL must not hold a user name or password (it would show up in plans, reports and logs); "
            + "sign in with PORTSIP_USERNAME and PORTSIP_PASSWORD (and PORTSIP_DOMAIN for a tenant), "
            + "or set PORTSIP_TOKEN"
        static let queryOrFragment =
            "the server URL must not have a query (?...) or a fragment (#...); pass credentials in PORTSIP_TOKEN "
            + "or the PORTSIP_USERNAME/PORTSIP_PASSWORD variables"
        static func port(_ port: Int) -> String { "the server URL's port must be from 1 to 65535, got \(port)" }
    }
}
