import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import PortSIPSimulator
import TestSupport

/// A bare HTTP client for contract tests: it speaks to the simulator the way a PortSIP client
/// would, with no numsync code in between.
struct SimulatorHTTP {
    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { (json as? [String: Any]) ?? [:] }
        var errorCodes: [String] {
            ((object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
        }
        var errorMessages: [String] {
            ((object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["message"] as? String }
        }
        var items: [[String: Any]] { (object["items"] as? [[String: Any]]) ?? [] }
    }

    let base: String
    let client: HTTPClient

    init(_ simulator: RunningSimulator, caCertificate: String? = nil) throws {
        base = simulator.url
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caCertificate {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caCertificate))
        }
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.retryConnectionEstablishment = false
        // A request queued for one of the pool's connections waits at most the connect timeout:
        // a hundred at once on a busy two-core machine (the whole suite running) can take more
        // than the default 10 s to get their turn.
        configuration.timeout = .init(connect: .seconds(60))
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func request(
        _ method: HTTPMethod, _ path: String, body: String? = nil, token: String? = TestSimulator.token,
        contentType: String = "application/json"
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        // Generous: a hundred requests at once on a busy two-core machine wait their turn for a connection.
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: bytes))
    }

    func get(_ path: String, token: String? = TestSimulator.token) async throws -> Reply {
        try await request(.GET, path, token: token)
    }

    func post(_ path: String, _ body: String? = nil, token: String? = TestSimulator.token) async throws -> Reply {
        try await request(.POST, path, body: body, token: token)
    }

    /// Creates a number and returns its id.
    func create(_ number: String, description: String? = nil, enabled: Bool = true) async throws -> String {
        var body = #"{"number":"\#(number)","enabled":\#(enabled)"#
        if let description { body += #","description":"\#(description)""# }
        let reply = try await post("/api/exclusive_numbers", body + "}")
        return reply.object["id"] as? String ?? "<\(reply.status)>"
    }

    /// Runs `body` with a client for a simulator, shutting it down afterwards.
    static func with<T>(
        _ simulator: RunningSimulator, caCertificate: String? = nil, _ body: (SimulatorHTTP) async throws -> T
    ) async throws -> T {
        let http = try SimulatorHTTP(simulator, caCertificate: caCertificate)
        do {
            let result = try await body(http)
            await http.shutdown()
            return result
        } catch {
            await http.shutdown()
            throw error
        }
    }
}

/// Starts a simulator and a client for it.
func withSimulator<T>(
    _ configure: (inout SimulatorConfiguration) -> Void = { _ in }, seed: [WireNumber] = [],
    _ body: (RunningSimulator, SimulatorHTTP) async throws -> T
) async throws -> T {
    try await TestSimulator.with(configure, seed: seed) { simulator in
        try await SimulatorHTTP.with(simulator) { http in try await body(simulator, http) }
    }
}
