import NumSyncCore

/// What carrying out a plan needs from a PBX: send a write, read a list, prove a listing,
/// count requests. `PortSIPClient` is the real one; tests can give the executor another.
public protocol PortSIPConnection: Sendable {
    /// Sends a write with the client's retries; returns the new record's id for a create, nil
    /// otherwise. Throws a `PortSIPError`.
    func write(_ request: APIRequest) async throws -> String?
    /// Every record of a list (see `PortSIPClient.list(_:)`).
    func list(_ list: PortSIPList) async throws -> [ObservedRecord]
    /// A listing proved complete (see `PortSIPClient.confirm(_:in:)`).
    func confirm(_ listing: [ObservedRecord], in list: PortSIPList) async throws -> [ObservedRecord]
    /// Requests sent and retried so far, for reports.
    var requestCounters: PortSIPClient.RequestCounters { get }
    /// What a record holds of a relation, at one target where it has targets (see
    /// `PortSIPClient.value(of:owner:target:)`).
    func value(of relation: Relation, owner ownerID: String, target targetID: String?) async throws -> [Member]
}

extension PortSIPClient: PortSIPConnection {
    public func write(_ request: APIRequest) async throws -> String? {
        let response = try await perform(request)
        return request.intent == .create ? try createdID(from: response, request: request) : nil
    }
}
