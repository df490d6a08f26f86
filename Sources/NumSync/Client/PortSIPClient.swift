import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NumSyncCore
import Synchronization

/// The one way numsync talks to a PBX: authenticated requests over pooled, kept-alive
/// connections, with safe retries and errors that say what happened and whether a failed
/// request may have reached the server.
public final class PortSIPClient: Sendable {
    /// The settings it was made with.
    public let settings: ConnectionSettings
    let http: HTTPClient
    let authenticator: Authenticator
    let logger: Logger
    let counters = Mutex(RequestCounters())

    /// Requests sent and retries made so far, for reports.
    public struct RequestCounters: Sendable, Hashable {
        /// HTTP requests sent, every attempt counted.
        public var sent = 0
        /// Attempts that were retries of an earlier one.
        public var retries = 0
        /// Answers that throttled (429, or 503).
        public var throttled = 0
        /// Listings made again to prove an earlier one missed nothing (`confirm(_:in:)`).
        public var provingListings = 0

        /// Creates counters.
        public init(sent: Int = 0, retries: Int = 0, throttled: Int = 0, provingListings: Int = 0) {
            self.sent = sent
            self.retries = retries
            self.throttled = throttled
            self.provingListings = provingListings
        }
    }

    /// The counters now.
    public var requestCounters: RequestCounters { counters.withLock { $0 } }

    /// Connects nothing yet; checks the credentials and loads `--ca-cert`. `time` is the clock
    /// tokens are renewed and requests paced by; `sleep` waits between attempts and for pauses
    /// (a test's moves its clock instead).
    /// How the client trusts a server: the system's roots, plus `--ca-cert`; none with `--insecure`.
    static func tlsConfiguration(for settings: ConnectionSettings) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if settings.insecure {
            tls.certificateVerification = .none
        }
        if let path = settings.caCertificatePath {
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(path)
                guard !certificates.isEmpty else { throw PortSIPError.badCACertificate(path, "no certificate in it") }
                tls.additionalTrustRoots = [.certificates(certificates)]
            } catch let error as PortSIPError {
                throw error
            } catch {
                throw PortSIPError.badCACertificate(path, "not a readable PEM certificate (\(error))")
            }
        }
        return tls
    }

    public init(
        settings: ConnectionSettings, logger: Logger = Logger(label: "numsync"), time: TimeSource = .system,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) throws {
        if let problem = settings.credentials.problem { throw PortSIPError.unusableCredentials(problem) }
        let tls = try Self.tlsConfiguration(for: settings)
        var configuration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(settings.connectTimeout.nanoseconds)),
            connectionPool: .init(
                idleTimeout: .seconds(60),
                concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, settings.parallelism)),
            decompression: .disabled
        )
        // A CLI should fail at once on a refused connection or a bad certificate, not retry for
        // the whole connect timeout; our own retry loop decides about trying again.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .http1Only
        self.settings = settings
        self.http = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
        self.authenticator = Authenticator(credentials: settings.credentials, time: time)
        self.logger = logger
        self.sleep = sleep
        let perMinute = settings.rateLimitPerMinute.flatMap { $0 > 0 ? $0 : nil }
        if let perMinute {
            logger.info("pacing requests to \(perMinute.formattedWithSeparators) a minute (--rate-limit)")
        }
        self.pacer = RequestPacer(
            perMinute: perMinute, time: time, maximumPause: settings.retry.maximumServerAskedWait, sleep: sleep,
            onRateChange: { rate in
                logger.info("pacing requests at \(Int(rate.rounded()).formattedWithSeparators) a minute now")
            })
    }

    /// Paces every request when a rate limit is set, and holds them all while the PBX asked
    /// for a pause.
    let pacer: RequestPacer
    /// Waits between attempts.
    let sleep: @Sendable (Duration) async throws -> Void

    /// The rate requests are paced at now, requests a minute; nil when they are not paced.
    public var pacingPerMinute: Double? { pacer.current.currentPerMinute }

    /// Closes every connection. Call it once, when done.
    public func shutdown() async {
        try? await http.shutdown()
    }

    /// Sends a request with authentication and retries; returns the 2xx answer or throws a
    /// `PortSIPError`.
    ///
    /// A create is retried only when it certainly did not reach the server (connection refused)
    /// or the server said it did not take it (429, 503); any other failure of a create is thrown
    /// with `outcomeIsUnknown` set, for the caller to look before creating again. A server that
    /// cannot be connected to at all is given a few seconds, not the whole retry budget.
    ///
    /// A throttled answer with a `Retry-After` pauses every request to the PBX for that long.
    /// Such waits are the PBX's to ask for: they count neither against the request's attempts
    /// nor its waiting time, but against the run's (`RetryPolicy.maximumServerAskedWait`), and
    /// the request gives up after `maximumAttempts` of them.
    public func perform(_ request: APIRequest, authenticated: Bool = true) async throws -> APIResponse {
        var attempt = 1
        var pausedAttempts = 0
        var waited = Duration.zero
        var recoveredFrom401 = false
        var earlierOutcomeUnknown = false
        var generator = SystemRandomNumberGenerator()
        let fullPath = "/api" + request.path
        while true {
            let token = authenticated ? try await authenticator.token(using: self) : nil
            let response: APIResponse
            let sentAt: ContinuousClock.Instant
            do {
                sentAt = try await pacer.acquire()
            } catch {
                throw PortSIPError(method: request.method, path: fullPath, kind: .cancelled)
            }
            do {
                response = try await send(request, token: token)
            } catch {
                let failure = Self.classify(
                    error, method: request.method, path: fullPath, address: settings.server, timeout: settings.timeout)
                if case .cancelled = failure.kind { throw failure }
                if request.intent == .create, failure.outcomeIsUnknown { throw failure }
                try await backOff(after: failure, retryAfter: nil)
                continue
            }
            let throttled = response.status == 429 || response.status == 503
            if throttled {
                counters.withLock { $0.throttled += 1 }
                pacer.throttled(sent: sentAt)
            } else {
                pacer.admitted()
            }
            if (200..<300).contains(response.status) { return response }
            if response.status == 401, authenticated, let token {
                if !recoveredFrom401, await authenticator.recover(fromRejected: token, using: self) {
                    recoveredFrom401 = true
                    continue
                }
                let (code, message) = Self.errorDetails(response.body)
                throw PortSIPError.rejectedToken(request.method, fullPath, code: code, message: message)
            }
            if response.status == 404, request.intent == .destroy, earlierOutcomeUnknown {
                // An earlier attempt may have destroyed it: gone is what we wanted.
                return APIResponse(status: 204, body: [], retryAfter: nil)
            }
            let (code, message) = Self.errorDetails(response.body)
            let failure = PortSIPError(
                method: request.method, path: fullPath,
                kind: .http(status: response.status, code: code, message: message))
            if request.intent == .create, failure.outcomeIsUnknown { throw failure }
            let retryAfter = response.retryAfter.flatMap(Self.parseRetryAfter)
            if throttled, let retryAfter, retryAfter > .zero {
                try pauseEveryRequest(for: retryAfter, after: failure)
                continue
            }
            try await backOff(after: failure, retryAfter: retryAfter)
        }

        /// The PBX asked for a pause: every request to it waits (in `acquire`), this one included.
        func pauseEveryRequest(for duration: Duration, after failure: PortSIPError) throws {
            pausedAttempts += 1
            guard pausedAttempts < settings.retry.maximumAttempts else { throw failure }
            guard pacer.pause(for: duration) else {
                logger.info(
                    "not waiting any longer: the PBX has asked for pauses of \(Self.format(pacer.maximumPause)) in all during this run"
                )
                throw failure
            }
            logger.info(
                "the PBX asked for a pause of \(Self.format(duration)) (Retry-After): every request to it waits; \(failure)"
            )
            counters.withLock { $0.retries += 1 }
        }

        /// Waits before the next attempt, or throws `failure` when it is not worth another one.
        func backOff(after failure: PortSIPError, retryAfter: Duration?) async throws {
            guard failure.isTransient, attempt < settings.retry.maximumAttempts else { throw failure }
            if failure.outcomeIsUnknown { earlierOutcomeUnknown = true }
            let delay = settings.retry.delay(beforeRetry: attempt, serverAsked: retryAfter, using: &generator)
            guard waited + delay <= settings.retry.maximumTotalWait else { throw failure }
            if failure.isConnectFailure, waited + delay > settings.retry.maximumConnectWait { throw failure }
            logger.info(
                "retrying \(request.method) \(fullPath) in \(Self.format(delay)) (attempt \(attempt + 1) of \(settings.retry.maximumAttempts)): \(failure)"
            )
            do {
                try await sleep(delay)
            } catch {
                throw PortSIPError(method: request.method, path: fullPath, kind: .cancelled)
            }
            waited += delay
            attempt += 1
            counters.withLock { $0.retries += 1 }
        }
    }

    /// One attempt, no retries; transport errors are thrown as they come.
    private func send(_ request: APIRequest, token: Secret?) async throws -> APIResponse {
        var outgoing = HTTPClientRequest(url: settings.apiBase + request.path)
        outgoing.method = HTTPMethod(rawValue: request.method)
        outgoing.headers.add(name: "Accept", value: "application/json")
        outgoing.headers.add(name: "User-Agent", value: "numsync/\(NumSyncVersion.current)")
        if let token { outgoing.headers.add(name: "Authorization", value: "Bearer \(token.revealed)") }
        if let body = request.body {
            outgoing.headers.add(name: "Content-Type", value: request.contentType)
            outgoing.body = .bytes(ByteBuffer(string: body))
        } else if request.method == "POST" {
            outgoing.headers.add(name: "Content-Length", value: "0")
        }
        counters.withLock { $0.sent += 1 }
        let started = ContinuousClock.now
        let fullPath = "/api" + request.path
        if logger.logLevel <= .trace {
            logger.trace(
                "→ \(request.method) \(fullPath) \(request.carriesSecrets ? "[body hidden: credentials]" : request.body ?? "")"
            )
        }
        let response = try await http.execute(outgoing, timeout: .nanoseconds(settings.timeout.nanoseconds))
        let body = try await response.body.collect(upTo: 512 * 1024 * 1024)
        let bytes = [UInt8](buffer: body)
        let elapsed = ContinuousClock.now - started
        logger.info("\(request.method) \(fullPath) \(response.status.code) \(Self.format(elapsed))")
        if logger.logLevel <= .trace {
            let shown =
                request.carriesSecrets
                ? "[body hidden: credentials]" : String(decoding: bytes.prefix(4096), as: UTF8.self)
            logger.trace("← \(response.status.code) \(shown)\(bytes.count > 4096 ? " … (\(bytes.count) bytes)" : "")")
        }
        return APIResponse(
            status: Int(response.status.code), body: bytes, retryAfter: response.headers.first(name: "Retry-After"),
            date: response.headers.first(name: "Date"))
    }

    /// PortSIP's `errors[0].code` and `message`; an unknown or missing code is `UNKNOWN`, and a
    /// body that is not JSON is shown as text.
    static func errorDetails(_ body: [UInt8]) -> (code: String, message: String?) {
        if body.isEmpty { return ("UNKNOWN", nil) }
        if let decoded = try? JSONDecoder().decode(Wire.ErrorBody.self, from: Data(body)),
            let first = decoded.errors?.first
        {
            var code = first.code ?? "UNKNOWN"
            if code.isEmpty || !code.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) { code = "UNKNOWN" }
            var message = first.message
            if let count = decoded.errors?.count, count > 1 {
                message = decoded.errors!.compactMap(\.message).joined(separator: "; ")
            }
            return (code, message)
        }
        let text = String(decoding: body.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return ("UNKNOWN", text.isEmpty ? nil : text + (body.count > 200 ? "…" : ""))
    }

    /// `Retry-After` as seconds or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        let seconds = max(0, date.timeIntervalSinceNow)
        return .milliseconds(Int(seconds * 1000))
    }

    static func format(_ duration: Duration) -> String {
        let ms = duration.nanoseconds / 1_000_000
        return ms < 1000 ? "\(ms) ms" : String(format: "%.1f s", Double(ms) / 1000)
    }
}
