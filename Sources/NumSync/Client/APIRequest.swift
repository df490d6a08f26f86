import NumSyncCore

/// One request to the PortSIP API, before authentication is added.
public struct APIRequest: Sendable, Hashable {
    /// What the request does, which decides how failures may be retried.
    public enum Intent: Sendable, Hashable {
        /// A read: always safe to repeat.
        case read
        /// A create: repeating it after an unknown outcome could duplicate a number.
        case create
        /// An update: repeating it gives the same result.
        case update
        /// A destroy: repeating it after an unknown outcome may answer 404, which then means done.
        case destroy
        /// A sign-in or token refresh.
        case authentication
    }

    /// `GET` or `POST`.
    public var method: String
    /// The path under `/api`, with query: `/exclusive_numbers?skip=0&top=100`.
    public var path: String
    /// The body, if any.
    public var body: String?
    /// `application/json` or `application/x-www-form-urlencoded`.
    public var contentType: String
    /// What it does.
    public var intent: Intent

    /// Creates a request.
    public init(
        method: String, path: String, body: String? = nil, contentType: String = "application/json", intent: Intent
    ) {
        self.method = method
        self.path = path
        self.body = body
        self.contentType = contentType
        self.intent = intent
    }

    /// The request that carries out a plan's change.
    public init(_ change: Change) {
        let listPath = "/" + change.list.path
        let id = change.id.map(Self.escapePathComponent) ?? ""
        switch change.action {
        case .create:
            self.init(
                method: "POST", path: listPath, body: JSONText.object(change.assignments, omittingBlanks: true),
                intent: .create)
        case .update, .disable:
            self.init(
                method: "POST", path: "\(listPath)/\(id)", body: JSONText.object(change.assignments),
                intent: .update)
        case .delete:
            self.init(method: "POST", path: "\(listPath)/\(id)/destroy", intent: .destroy)
        }
    }

    /// A page of a list.
    static func page(_ list: PortSIPList, skip: Int, top: Int) -> APIRequest {
        APIRequest(method: "GET", path: "/\(list.path)?skip=\(skip)&top=\(top)", intent: .read)
    }

    /// Percent-encodes what an opaque id may hold that a path may not (`/`, `?`, `#`, `%`, spaces).
    static func escapePathComponent(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || "-._~=+".unicodeScalars.contains(scalar)
            {
                out.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// Whether bodies of this request or its answer may hold credentials (never logged).
    var carriesSecrets: Bool { intent == .authentication }
}

/// An answer from the API.
public struct APIResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The body bytes.
    public var body: [UInt8]
    /// `Retry-After`, if sent.
    public var retryAfter: String?
    /// `Date`, the server's clock, if sent.
    public var date: String? = nil
}
