import Foundation
import NumSyncCore

/// What `numsync doctor` found out about one PBX: whether numsync can plan and apply there, and
/// how. Read only: it sends no write.
public struct Diagnosis: Sendable {
    /// One list, read once with `skip=0&top=1`.
    public struct ListCheck: Sendable {
        /// The list.
        public var list: PortSIPList
        /// What the listing showed; nil when it failed.
        public var probe: ListProbe?
        /// Why the listing failed.
        public var error: PortSIPError?
        /// Whether the account may read it, where the PBX says (v22.3 and later).
        public var mayRead: Bool?
        /// Whether the account may write it, where the PBX says.
        public var mayWrite: Bool?
    }

    /// The server, as its origin.
    public var server: String
    /// The PBX's version; nil when it does not say.
    public var version: String?
    /// The signed-in account's role; nil when the PBX does not say.
    public var role: String?
    /// Whether the PBX says what the account may do (v22.3 and later).
    public var capabilitiesKnown: Bool
    /// Each list numsync manages, then call queues and ring groups.
    public var lists: [ListCheck]
    /// The server's clock minus this machine's, in seconds; nil without a `Date` header.
    public var clockSkewSeconds: Int?
    /// The requests a minute numsync paces at for this server.
    public var pacePerMinute: Int?
    /// Whether the connection is plain HTTP.
    public var plainHTTP: Bool
    /// The certificate the PBX presents over HTTPS; nil for plain HTTP.
    public var certificate: ServerCertificate?
    /// Days until the certificate expires, counted when it was read.
    public var certificateDaysLeft: Int?

    /// What keeps numsync from planning or applying here; empty when it can.
    public var problems: [String] {
        var problems: [String] = []
        // Call queues and ring groups matter only to files with exclusive agents or members: warnings.
        for list in lists where !list.list.isReadOnly {
            if let error = list.error {
                problems.append("\(list.list.key) cannot be listed: \(error)")
            } else if list.mayRead == false {
                problems.append("the account may not read \(list.list.key)")
            } else if list.mayWrite == false {
                problems.append("the account may not write \(list.list.key): an apply that changes it would fail")
            }
        }
        return problems
    }

    /// Things worth knowing that do not stop numsync.
    public var warnings: [String] {
        var warnings: [String] = []
        if let skew = clockSkewSeconds, abs(skew) > 300 {
            warnings.append(
                "the server's clock is \(abs(skew)) s \(skew > 0 ? "ahead of" : "behind") this machine's: "
                    + "`expire_at` in the files is compared with the server's")
        }
        if plainHTTP { warnings.append("plain HTTP: credentials and numbers travel unencrypted") }
        if let days = certificateDaysLeft, days < 30 {
            warnings.append(
                days < 0
                    ? "the server's certificate expired \(-days) days ago"
                    : "the server's certificate expires in \(days) days: renew it before requests start failing")
        }
        for list in lists where list.probe?.honoursPaging == false {
            warnings.append("\(list.list.key) ignores `top`: numsync reads it whole, page by page, as it comes")
        }
        // Call queues and ring groups matter only to files with exclusive agents or members.
        for list in lists where list.list.isReadOnly {
            if let error = list.error {
                warnings.append(
                    "\(list.list.key) cannot be listed (\(error)): exclusive agents and members cannot be planned"
                )
            } else if list.mayRead == false {
                warnings.append(
                    "the account may not read \(list.list.key): exclusive agents and members cannot be planned")
            } else if list.mayWrite == false {
                warnings.append("the account may not write \(list.list.key): their members cannot be managed")
            }
        }
        if !capabilitiesKnown {
            warnings.append("the PBX does not say what the account may do (before v22.3): the first write will tell")
        }
        return warnings
    }

    /// Reads everything a diagnosis needs from the PBX, one small request each, and no write.
    public static func run(using client: PortSIPClient) async throws -> Diagnosis {
        let version = try await client.serverVersion()
        let account = try await client.account()
        let capabilities = account?.capabilities
        var lists: [ListCheck] = []
        var skew: Int?
        for list in PortSIPList.all + PortSIPList.readOnly {
            var check = ListCheck(
                list: list, mayRead: capabilities?.permits("read", on: list),
                mayWrite: capabilities?.permits("write", on: list))
            do {
                check.probe = try await client.probe(list)
                if skew == nil, let probe = check.probe {
                    skew = probe.serverDate.flatMap { Self.skew($0, at: probe.receivedAt) }
                }
            } catch let error as PortSIPError {
                // A rejected token or an unreachable server stops everything: that is the answer.
                if case .http(let status, _, _) = error.kind, status == 401 { throw error }
                check.error = error
            }
            lists.append(check)
        }
        // Read with the trust settings every request uses, after the requests: a certificate they
        // refuse has failed them already, with the client's own message.
        let certificate = try await ServerCertificate.read(client.settings)
        return Diagnosis(
            server: client.settings.server.description, version: version, role: account?.role,
            capabilitiesKnown: capabilities != nil, lists: lists,
            clockSkewSeconds: skew,
            pacePerMinute: client.settings.rateLimitPerMinute, plainHTTP: client.settings.server.isPlainHTTP,
            certificate: certificate, certificateDaysLeft: certificate?.daysLeft(at: Date()))
    }

    /// The server's clock minus this machine's, in whole seconds, from a `Date` header and this
    /// machine's clock when the answer with it arrived; nil for a header that is not an HTTP date.
    /// The header has whole seconds, cut: a second either way is no difference.
    static func skew(_ serverDate: String, at received: Date) -> Int? {
        httpDate(serverDate).map { Int($0.timeIntervalSince(received).rounded()) }
    }

    /// An HTTP `Date` (`Fri, 04 Dec 2026 20:18:13 GMT`).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
