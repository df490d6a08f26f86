import ArgumentParser
import Foundation
import Logging
import NumSync

/// Where the PBX is and how to sign in: flags, with the PORTSIP_* environment as fallback.
struct ConnectionOptions: ParsableArguments {
    @Option(
        help:
            "The PBX, e.g. https://pbx.example.com:8887 (PortSIP serves its API on 8887); /api is appended. Or set PORTSIP_URL."
    )
    var server: String?

    @Option(
        help:
            "Read the API token from this file (or set PORTSIP_TOKEN; or PORTSIP_USERNAME and PORTSIP_PASSWORD to sign in)."
    )
    var tokenFile: String?

    @Option(help: "Trust the certificates in this PEM file (a private CA or a self-signed PBX).")
    var caCert: String?

    @Flag(help: "Do not verify the server's TLS certificate (not for production).")
    var insecure = false

    @Flag(
        help:
            "Allow plain http:// to a host other than this machine, sending the token or password unencrypted (not for production)."
    )
    var allowInsecureHTTP = false

    @Option(help: "Seconds one request may take (0.001 to 3600).")
    var timeout: Double = 30

    @Option(help: "Requests in flight at once.")
    var parallelism: Int = 8

    @Option(
        help:
            "Requests a minute to send at most (PortSIP allows 5,000 by default); slows down by itself when the PBX throttles. 0: no limit. Also NUMSYNC_RATE_LIMIT."
    )
    var rateLimit: Int?

    /// PortSIP's default `access_limit`: requests a minute.
    static let defaultRateLimit = 5000

    /// `NUMSYNC_RATE_LIMIT`, when set and not blank.
    private static var rateLimitFromEnvironment: String? {
        Terminal.environment["NUMSYNC_RATE_LIMIT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `--rate-limit`, else `NUMSYNC_RATE_LIMIT`, else PortSIP's default; nil for no limit.
    var rateLimitPerMinute: Int? {
        let chosen = rateLimit ?? Self.rateLimitFromEnvironment.flatMap { Int($0) } ?? Self.defaultRateLimit
        return chosen > 0 ? chosen : nil
    }

    @Flag(name: .shortAndLong, help: "Log each request (-v), and bodies too (-vv). Secrets are never logged.")
    var verbose: Int

    /// The largest `--timeout`, in seconds: an hour.
    static let maximumTimeout = 3600.0

    func validate() throws {
        guard timeout.isFinite, timeout >= 0.001, timeout <= Self.maximumTimeout else {
            throw ValidationError("--timeout must be a number of seconds from 0.001 to 3600, got \(timeout)")
        }
        guard (1...64).contains(parallelism) else { throw ValidationError("--parallelism must be from 1 to 64") }
        if let rateLimit, rateLimit < 0 { throw ValidationError("--rate-limit must be 0 (no limit) or more") }
        if rateLimit == nil, let text = Self.rateLimitFromEnvironment, (Int(text) ?? -1) < 0 {
            throw ValidationError("NUMSYNC_RATE_LIMIT must be 0 (no limit) or more, got \(text.debugDescription)")
        }
    }

    /// The settings, or a clear error and exit 1.
    func settings() throws -> ConnectionSettings {
        let environment = Terminal.environment
        guard let text = serverText else {
            Terminal.error("no server: pass --server https://pbx.example.com:8887 or set PORTSIP_URL")
            throw ExitCode(ExitStatus.error)
        }
        let address: ServerAddress
        do {
            address = try ServerAddress(text)
        } catch {
            throw ExitStatus.fail(error)
        }
        let credentials: Credentials
        let source: String
        if let tokenFile {
            credentials = .token(try readTokenFile(tokenFile))
            source = "--token-file \(tokenFile)"
        } else if let token = environment["PORTSIP_TOKEN"], !token.isEmpty {
            credentials = .token(Secret(token.trimmingCharacters(in: .whitespacesAndNewlines)))
            source = "PORTSIP_TOKEN"
        } else if let username = environment["PORTSIP_USERNAME"], !username.isEmpty {
            guard let password = environment["PORTSIP_PASSWORD"], !password.isEmpty else {
                Terminal.error("PORTSIP_USERNAME is set but PORTSIP_PASSWORD is not")
                throw ExitCode(ExitStatus.error)
            }
            let domain = environment["PORTSIP_DOMAIN"].flatMap { $0.isEmpty ? nil : $0 }
            credentials = .signIn(username: username, password: Secret(password), domain: domain)
            source = "PORTSIP_USERNAME, PORTSIP_PASSWORD and PORTSIP_DOMAIN"
        } else {
            Terminal.error(
                "no credentials: set PORTSIP_TOKEN, pass --token-file PATH, or set PORTSIP_USERNAME and PORTSIP_PASSWORD"
            )
            throw ExitCode(ExitStatus.error)
        }
        if let problem = credentials.problem {
            Terminal.error("\(source): \(problem); nothing was sent")
            throw ExitCode(ExitStatus.error)
        }
        return ConnectionSettings(
            server: address, credentials: credentials, caCertificatePath: caCert, insecure: insecure,
            timeout: .milliseconds(Int((timeout * 1000).rounded())), parallelism: parallelism,
            rateLimitPerMinute: rateLimitPerMinute)
    }

    /// A client for the settings, or a clear error and exit 1.
    func client() throws -> PortSIPClient {
        let settings = try settings()
        if insecure {
            Terminal.warning(
                "--insecure: the server's TLS certificate is not verified; anyone in between can read the token")
        }
        if settings.server.isPlainHTTP, !settings.server.isLoopback {
            let secrets: String
            switch settings.credentials {
            case .token: secrets = "the API token"
            case .signIn: secrets = "the password of PORTSIP_USERNAME and the tokens it signs in for"
            }
            guard allowInsecureHTTP else {
                Terminal.error(
                    "refusing to send \(secrets) unencrypted to \(settings.server) (plain http:// to another machine): "
                        + "use https:// (PortSIP serves its API over HTTPS on 8887), or pass --allow-insecure-http "
                        + "to accept that anyone on the network can read it; nothing was sent")
                throw ExitCode(ExitStatus.error)
            }
            Terminal.warning(
                "--allow-insecure-http: \(secrets) and every number cross the network unencrypted to \(settings.server)"
            )
        }
        do {
            return try PortSIPClient(settings: settings, logger: logger)
        } catch let error as PortSIPError {
            throw ExitStatus.fail(error)
        }
    }

    /// Logs requests on standard error at the level `-v` asks for.
    var logger: Logger {
        var logger = Logger(label: "numsync") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose >= 2 ? .trace : verbose == 1 ? .info : .warning
        return logger
    }

    private func readTokenFile(_ path: String) throws -> Secret {
        guard let data = FileManager.default.contents(atPath: path) else {
            Terminal.error("cannot read --token-file \(path)")
            throw ExitCode(ExitStatus.error)
        }
        var token = String(decoding: data, as: UTF8.self)
        while token.hasSuffix("\n") || token.hasSuffix("\r") { token.removeLast() }
        guard !token.isEmpty else {
            Terminal.error("--token-file \(path) is empty")
            throw ExitCode(ExitStatus.error)
        }
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            Terminal.warning("\(path) can be read by other users; run chmod 600 \(path)")
        }
        return Secret(token)
    }
}

extension ConnectionOptions {
    /// Runs `body` with a client, shuts the client down afterwards, and turns a client error into
    /// its message and exit code.
    func withClient<T>(_ body: (PortSIPClient) async throws -> T) async throws -> T {
        let client = try client()
        do {
            let result = try await body(client)
            if verbose >= 1 {
                let counters = client.requestCounters
                Terminal.err(Self.requestSummary(counters))
            }
            await client.shutdown()
            return result
        } catch let error as PortSIPError {
            await client.shutdown()
            throw ExitStatus.fail(error)
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// The `-v` line about the requests a command sent.
    static func requestSummary(_ counters: PortSIPClient.RequestCounters) -> String {
        var line = "numsync: \(counters.sent) requests sent, \(counters.retries) of them retries"
        if counters.throttled > 0 { line += ", \(counters.throttled) answered as throttled (429/503)" }
        if counters.provingListings > 0 {
            let listings = counters.provingListings == 1 ? "listing" : "listings"
            line += "; \(counters.provingListings) \(listings) made again to prove the one before missed nothing"
        }
        return line + "\n"
    }

    /// The flags a target's own run gets from this one (`--targets`): timeouts, parallelism,
    /// TLS leniency, verbosity, and `--rate-limit` unless the target sets its own. Never a
    /// server or credentials: those come from the target.
    func childArguments(rateLimitOverridden: Bool) -> [String] {
        var arguments = ["--timeout", String(timeout), "--parallelism", String(parallelism)]
        if let rateLimit, !rateLimitOverridden { arguments += ["--rate-limit", String(rateLimit)] }
        if insecure { arguments.append("--insecure") }
        if allowInsecureHTTP { arguments.append("--allow-insecure-http") }
        if verbose > 0 { arguments.append("-" + String(repeating: "v", count: verbose)) }
        return arguments
    }

    /// The server as its origin, for places that name it before a client exists ("unknown"
    /// when none is given or it cannot be parsed).
    var serverName: String {
        guard let serverText, let address = try? ServerAddress(serverText) else { return "unknown" }
        return address.description
    }

    /// `--server`, else a non-blank `PORTSIP_URL`.
    private var serverText: String? {
        server ?? Terminal.environment["PORTSIP_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Refuses flags that name one PBX when the run is over a targets file.
    func checkTargetsRun() throws {
        if server != nil || tokenFile != nil || caCert != nil {
            throw ValidationError(
                "--server, --token-file and --ca-cert name one PBX; with --targets each target's come from the targets file"
            )
        }
    }
}
