import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NumSyncCore

/// Posts a notification to webhooks, each within a few seconds. Delivery never fails the command:
/// what could not be delivered comes back as warnings, which name the webhook's variable and
/// never its URL.
public struct Notifier: Sendable {
    /// The webhooks.
    public var webhooks: [Webhook]
    /// How long one delivery may take, connecting included.
    public var timeout: Duration

    /// Creates a notifier.
    public init(webhooks: [Webhook], timeout: Duration = .seconds(5)) {
        self.webhooks = webhooks
        self.timeout = timeout
    }

    /// Posts `message` to every webhook, concurrently; returns a warning per failed delivery.
    public func deliver(_ message: NotificationMessage) async -> [String] {
        guard !webhooks.isEmpty else { return [] }
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(timeout.nanoseconds), read: .nanoseconds(timeout.nanoseconds)))
        configuration.decompression = .disabled
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let timeout = self.timeout
        let warnings = await webhooks.concurrentMap(limit: 4) { webhook -> String? in
            do {
                var request = HTTPClientRequest(url: webhook.url.revealed)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.headers.add(name: "User-Agent", value: "numsync/\(NumSyncVersion.current)")
                request.body = .bytes(ByteBuffer(string: message.body(for: webhook.format)))
                let response = try await http.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                guard (200..<300).contains(Int(response.status.code)) else {
                    return "the notification to \(webhook.name) was not taken: HTTP \(response.status.code)"
                }
                return nil
            } catch {
                // The error may hold the URL: say only what kind of failure it was.
                return "the notification to \(webhook.name) could not be delivered (\(Self.kind(of: error)))"
            }
        }
        try? await http.shutdown()
        return warnings.compactMap { $0 }
    }

    private static func kind(of error: any Error) -> String {
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            default: break
            }
        }
        if "\(type(of: error))".contains("Connect") { return "no connection" }
        return "the request failed"
    }
}
