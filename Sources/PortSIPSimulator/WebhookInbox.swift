import Hummingbird

/// A webhook receiver beside the PBX, for notification tests: `POST /_sim/webhook` keeps what it
/// got (and answers 200), `POST /_sim/webhook/fail` answers 500, `GET /_sim/webhook` lists what
/// was kept. Never behind a token: it plays a chat service, not the PBX.
public actor WebhookInbox {
    /// One notification as it arrived.
    public struct Delivery: Codable, Sendable, Hashable {
        /// Its `Content-Type`.
        public var content_type: String?
        /// Its body, as text.
        public var body: String
    }

    /// What arrived, in order.
    public private(set) var deliveries: [Delivery] = []

    func keep(_ delivery: Delivery) { deliveries.append(delivery) }
}

extension SimulatorRoutes {
    /// The receiver's routes.
    func addWebhookInbox(to router: Router<SimulatorContext>, inbox: WebhookInbox) {
        router.post("/_sim/webhook") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            await inbox.keep(
                WebhookInbox.Delivery(
                    content_type: request.headers[.contentType], body: String(buffer: body)))
            return try json(.ok, ["ok": true])
        }
        router.post("/_sim/webhook/fail") { _, _ in
            try error(.internalServerError, "WEBHOOK_FAILED", "the receiver failed on purpose")
        }
        router.get("/_sim/webhook") { _, _ in try json(.ok, await inbox.deliveries) }
    }
}
