import Foundation
import Logging
import NumSync
import PortSIPSimulator
import Synchronization
import TestSupport

/// Retries fast enough for tests, patient enough for heavy fault rates.
let quickRetries = RetryPolicy(
    maximumAttempts: 12, baseDelay: .milliseconds(2), maximumDelay: .milliseconds(40), maximumTotalWait: .seconds(20))

/// A client for a running simulator.
func makeClient(
    _ simulator: RunningSimulator, credentials: Credentials = .token(Secret(TestSimulator.token)),
    caCertificate: String? = nil, insecure: Bool = false, retry: RetryPolicy = quickRetries, parallelism: Int = 8,
    timeout: Duration = .seconds(120), time: TimeSource = .system,
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
) throws -> PortSIPClient {
    try PortSIPClient(
        settings: ConnectionSettings(
            server: try ServerAddress(simulator.url), credentials: credentials, caCertificatePath: caCertificate,
            insecure: insecure,
            timeout: timeout, connectTimeout: .seconds(5), parallelism: parallelism, retry: retry),
        logger: logger, time: time, sleep: sleep)
}

/// Runs `body` with a client, shutting it down afterwards.
func withClient<T>(
    _ simulator: RunningSimulator, credentials: Credentials = .token(Secret(TestSimulator.token)),
    caCertificate: String? = nil, insecure: Bool = false, retry: RetryPolicy = quickRetries,
    timeout: Duration = .seconds(120), time: TimeSource = .system,
    sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    _ body: (PortSIPClient) async throws -> T
) async throws -> T {
    let client = try makeClient(
        simulator, credentials: credentials, caCertificate: caCertificate, insecure: insecure, retry: retry,
        timeout: timeout, time: time, sleep: sleep, logger: logger)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// A log handler that keeps every line, for checking what logs contain.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    init(capture: LogCapture) {
        self.capture = capture
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        capture.lines.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
    }
}

/// Collected log lines.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = Logger.Level.trace
        return logger
    }

    var text: String { lines.withLock { $0.joined(separator: "\n") } }
}
