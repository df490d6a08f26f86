import Foundation
import NumSyncCore

// What a PBX says about itself and the signed-in account, read for `numsync doctor`: its
// version, the account's role and capabilities, and one small listing of each list. Nothing is
// written. Answers are read tolerantly: where the PBX says nothing, the fact is unknown.

extension PortSIPClient {
    /// The PBX's version: `GET /api/tenant/status`, else `GET /api/admin/status`; nil when
    /// neither answers it (an older PBX, or an account that may not ask).
    public func serverVersion() async throws -> String? {
        for path in ["/tenant/status", "/admin/status"] {
            guard let response = try await readIfAnswered(path) else { continue }
            guard let object = Self.object(response.body) else { continue }
            switch object["version"] {
            case let text as String where !text.isEmpty: return text
            case let number as NSNumber: return number.stringValue
            default: continue
            }
        }
        return nil
    }

    /// What the PBX says about the signed-in account (`GET /api/auth/user`): its role and, from
    /// v22.3, its capabilities; nil when it does not answer.
    public func account() async throws -> (role: String?, capabilities: AccountCapabilities?)? {
        guard let response = try await readIfAnswered("/auth/user"), let object = Self.object(response.body) else {
            return nil
        }
        let role = object["role_name"] as? String ?? object["role"] as? String
        var capabilities: AccountCapabilities?
        if let entries = object["capabilities"] as? [Any] {
            capabilities = AccountCapabilities(
                entries.compactMap { entry in
                    if let text = entry as? String { return text }
                    let named = entry as? [String: Any]
                    return named?["name"] as? String ?? named?["capability"] as? String
                })
        }
        return (role, capabilities)
    }

    /// One listing of one record (`skip=0&top=1`): how many records the list holds when the
    /// answer has a `count`, how many items came back (more than one: `top` is not honoured),
    /// the first record's id, and the server's clock (`Date`).
    public func probe(_ list: PortSIPList) async throws -> ListProbe {
        let request = APIRequest.page(list, skip: 0, top: 1)
        let response = try await perform(request)
        // This machine's clock when the answer came, to set against the server's `Date`.
        let received = Date()
        let object = Self.object(response.body)
        let items = object?["items"] as? [Any]
        let first = items?.first as? [String: Any]
        let id: String? =
            switch first?["id"] {
            case let text as String: text
            case let number as NSNumber: number.stringValue
            default: nil
            }
        return ListProbe(
            count: (object?["count"] as? NSNumber)?.intValue, itemsReturned: items?.count ?? 0, sampleID: id,
            serverDate: response.date, receivedAt: received)
    }

    /// The answer of a read, or nil when the PBX answers 403 or 404 (it does not have the
    /// endpoint, or the account may not ask); other failures are thrown.
    private func readIfAnswered(_ path: String) async throws -> APIResponse? {
        do {
            return try await perform(APIRequest(method: "GET", path: path, intent: .read))
        } catch let error as PortSIPError {
            if case .http(let status, _, _) = error.kind, status == 403 || status == 404 { return nil }
            throw error
        }
    }

    private static func object(_ body: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}

/// What one small listing of a list showed (`PortSIPClient.probe`).
public struct ListProbe: Sendable, Hashable {
    /// The list's `count`, when the answer has one.
    public var count: Int?
    /// How many items came back for `top=1`.
    public var itemsReturned: Int
    /// The first record's id, when there was one.
    public var sampleID: String?
    /// The server's `Date` header.
    public var serverDate: String?
    /// This machine's clock when the answer arrived.
    public var receivedAt: Date

    /// Whether `top` was honoured.
    public var honoursPaging: Bool { itemsReturned <= 1 }

    /// What the ids look like: `numeric`, `text`, or `unknown` for an empty list.
    public var idFormat: String {
        guard let id = sampleID else { return "unknown (no records)" }
        return id.allSatisfy(\.isNumber) ? "numeric" : "text (\(id.count) characters)"
    }
}
