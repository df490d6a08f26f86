import Foundation
import Hummingbird
import Logging
import NIOCore

/// Answers PortSIP's exclusive-number and sign-in routes, injecting faults when configured.
struct SimulatorResponder: HTTPResponder {
    typealias Context = SimulatorContext

    let configuration: SimulatorConfiguration
    let store: NumberStore
    let tokens: TokenStore
    let faults: FaultInjector
    let statistics: RequestStatistics
    let shifts: ListingShifts

    /// Thrown after a write was committed and the connection closed on purpose.
    struct DroppedConnection: Error {}

    private static let collectionPath = "/api/exclusive_numbers"
    private static let maximumBody = 1 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        let method = request.method
        var route = "\(method.rawValue) \(path)"
        var response: Response
        defer {
            if configuration.logRequests {
                FileHandle.standardError.write(Data("numsync-sim: \(method.rawValue) \(path)\n".utf8))
            }
        }
        if path == "/_sim/stats", method == .get {
            return try json(.ok, await statistics.current())
        }
        if path == Self.collectionPath || path.hasPrefix(Self.collectionPath + "/") {
            let rest = path.dropFirst(Self.collectionPath.count).split(separator: "/", omittingEmptySubsequences: false)
                .dropFirst()
            route = Self.routeName(method: method, rest: Array(rest))
            await statistics.record(route: route)
            let components = rest.map { String($0).removingPercentEncoding ?? String($0) }
            response = try await numbers(request, context: context, method: method, rest: components)
        } else {
            await statistics.record(route: route)
            switch (method, path) {
            case (.post, "/api/auth/sign_in"):
                response = try await signIn(request)
            case (.post, "/api/login/oauth/token"):
                response = try await oauthToken(request)
            case (.post, "/api/auth/refresh_token"):
                response = try await refreshToken(request)
            default:
                response = try error(.notFound, "NOT_FOUND", "no route for \(method.rawValue) \(path)")
            }
        }
        return response
    }

    static func routeName(method: HTTPRequest.Method, rest: [Substring]) -> String {
        switch rest.count {
        case 0: return "\(method.rawValue) \(collectionPath)"
        case 1: return "\(method.rawValue) \(collectionPath)/{id}"
        default: return "\(method.rawValue) \(collectionPath)/{id}/\(rest.dropFirst().joined(separator: "/"))"
        }
    }

    // MARK: Exclusive numbers

    private func numbers(_ request: Request, context: Context, method: HTTPRequest.Method, rest: [String])
        async throws -> Response
    {
        var request = request
        if let rejection = await tokens.rejection(of: Self.bearerToken(request)) {
            return try error(.unauthorized, "UNAUTHORIZED", rejection)
        }
        if configuration.faults.latencyMilliseconds > 0 {
            try await Task.sleep(for: .milliseconds(configuration.faults.latencyMilliseconds))
        }
        let isWrite = method == .post
        switch await faults.draw(isWrite: isWrite) {
        case .throttle:
            await statistics.record(fault: "throttle")
            var response =
                configuration.faults.throttleStatus == 503
                ? try error(.serviceUnavailable, "SERVICE_UNAVAILABLE", "the server is busy")
                : try error(.tooManyRequests, "TOO_MANY_REQUESTS", "rate limit exceeded")
            response.headers[.retryAfter] = String(configuration.faults.retryAfterSeconds)
            return response
        case .fail:
            await statistics.record(fault: "fail")
            return try error(.internalServerError, "INTERNAL_ERROR", "simulated server failure")
        case .drop:
            let response = try await handleNumbers(&request, method: method, rest: rest)
            // Only a committed write is dropped; a rejected one is answered as usual.
            guard (200..<300).contains(response.status.code) else { return response }
            await statistics.record(fault: "drop")
            try? await context.channel.close().get()
            throw DroppedConnection()
        case .none:
            return try await handleNumbers(&request, method: method, rest: rest)
        }
    }

    private func handleNumbers(_ request: inout Request, method: HTTPRequest.Method, rest: [String]) async throws
        -> Response
    {
        switch (method, rest.count) {
        case (.get, 0):
            return try await list(request)
        case (.post, 0):
            let body = try await Self.jsonBody(&request)
            switch NumberValidation.check(body, requireNumber: true) {
            case .failure(let problems):
                return try validationError(problems)
            case .success(let fields):
                let created = await commit("create") {
                    await store.create(
                        number: fields.number!, enabled: fields.enabled ?? true,
                        description: fields.description ?? nil)
                }
                return try json(.ok, WireCreated(id: created!.id))
            }
        case (.get, 1):
            guard let record = await store.get(rest[0]) else { return try notFound(rest[0]) }
            return try json(.ok, answered(record))
        case (.post, 1):
            guard await store.get(rest[0]) != nil else { return try notFound(rest[0]) }
            let body = try await Self.jsonBody(&request)
            switch NumberValidation.check(body, requireNumber: false) {
            case .failure(let problems):
                return try validationError(problems)
            case .success(let fields):
                let id = rest[0]
                let updated = await commit("update") {
                    await store.update(
                        id, number: fields.number, enabled: fields.enabled, description: fields.description)
                }
                guard updated != nil else { return try notFound(rest[0]) }
                return Response(status: .ok)
            }
        case (.post, 2) where rest[1] == "destroy":
            let id = rest[0]
            guard await commit("destroy", { await store.destroy(id) ? true : nil }) != nil else {
                return try notFound(rest[0])
            }
            return Response(status: .noContent)
        default:
            return try error(.notFound, "NOT_FOUND", "no route for \(method.rawValue) \(request.uri.path)")
        }
    }

    /// Commits a write after `--commit-delay-ms`, in a task of its own: a client that gives up
    /// (and closes the connection) does not stop the commit, as it would not stop a busy PBX.
    /// `write` returns nil when there was nothing to commit; otherwise the commit is counted as
    /// `kind`, with the write, whatever became of the request.
    private func commit<T: Sendable>(_ kind: String, _ write: @escaping @Sendable () async -> T?) async -> T? {
        let statistics = self.statistics
        let counted: @Sendable () async -> T? = {
            guard let result = await write() else { return nil }
            await statistics.record(commit: kind)
            return result
        }
        let delay = configuration.faults.commitDelayMilliseconds
        guard delay > 0 else { return await counted() }
        return await Task {
            try? await Task.sleep(for: .milliseconds(delay))
            return await counted()
        }.value
    }

    private func list(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        var problems: [String] = []
        func integer(_ name: String, default value: Int, range: ClosedRange<Int>) -> Int {
            guard let text = query[Substring(name)] else { return value }
            guard let number = Int(text), range.contains(number) else {
                problems.append("\(name) must be an integer from \(range.lowerBound) to \(range.upperBound)")
                return value
            }
            return number
        }
        let skip = integer("skip", default: 0, range: 0...Int(Int32.max))
        let top = integer("top", default: 100, range: 1...100)
        guard problems.isEmpty else { return try validationError(.init(problems)) }
        let total = await store.count
        let count: Int?
        let items: [WireNumber]
        switch configuration.paging {
        case .honour:
            (count, items) = (total, await store.page(skip: skip, top: top))
        case .ignore:
            (count, items) = (total, await store.all())
        case .overlap:
            (count, items) = (total, await store.page(skip: skip > 0 ? skip - 1 : 0, top: top))
        case .short:
            (count, items) = (total + 3, await store.page(skip: skip, top: top))
        case .growing:
            let grown = total + (await statistics.current().requests("GET /api/exclusive_numbers"))
            (count, items) = (grown, await store.page(skip: skip, top: top))
        case .noCount:
            (count, items) = (nil, await store.page(skip: skip, top: top))
        case .shift:
            if await shifts.shouldShift(beforePageAt: skip) {
                // The last record of the first page goes; the first of the second moves onto the
                // first page, which was already read.
                let added = "+1999888" + String(1000 + (await statistics.current().faults["shift"] ?? 0))
                if await store.shift(removingAt: top - 1, adding: added) {
                    await statistics.record(fault: "shift")
                }
            }
            (count, items) = (await store.count, await store.page(skip: skip, top: top))
        }
        return try json(.ok, WireList(count: count, items: items.map(answered)))
    }

    /// A record as the simulator answers it: a blank description as the vendor's OpenAPI
    /// description has it (`""`), or as `null` when configured so (a real PBX may send either).
    private func answered(_ record: WireNumber) -> WireNumber {
        guard (record.description ?? "").isEmpty else { return record }
        var answered = record
        answered.description = configuration.blankDescription == .empty ? "" : nil
        return answered
    }

    // MARK: Sign-in

    private func signIn(_ request: Request) async throws -> Response {
        guard configuration.signIn == .both else {
            return try error(.notFound, "NOT_FOUND", "no route for POST /api/auth/sign_in")
        }
        var request = request
        guard case .object(let object)? = try await Self.jsonBody(&request),
            case .string(let username)? = object["username"], case .string(let password)? = object["password"]
        else {
            return try error(.badRequest, "VALIDATE_FAILED", "username and password are required")
        }
        return try await issueTokens(username: username, password: password, via: "sign_in")
    }

    private func oauthToken(_ request: Request) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: Self.maximumBody)
        let form = Self.parseForm(String(buffer: buffer))
        switch form["grant_type"] {
        case "password":
            guard let username = form["username"], let password = form["password"] else {
                return try error(.badRequest, "VALIDATE_FAILED", "username and password are required")
            }
            return try await issueTokens(username: username, password: password, via: "oauth_password")
        case "refresh_token":
            return try await refresh(form["refresh_token"], via: "oauth_refresh")
        default:
            return try error(.badRequest, "VALIDATE_FAILED", "grant_type must be password or refresh_token")
        }
    }

    private func refreshToken(_ request: Request) async throws -> Response {
        var request = request
        guard case .object(let object)? = try await Self.jsonBody(&request),
            case .string(let token)? = object["refresh_token"]
        else {
            return try error(.badRequest, "VALIDATE_FAILED", "refresh_token is required")
        }
        return try await refresh(token, via: "refresh_token")
    }

    private func issueTokens(username: String, password: String, via route: String) async throws -> Response {
        guard let expected = configuration.users[username], expected == password else {
            return try error(.badRequest, "UNAUTHORIZED", "invalid username or password")
        }
        if configuration.twoFactorUsers.contains(username) {
            return try json(.ok, WireTwoFactorChallenge(two_factor_required: true, challenge_token: "challenge"))
        }
        let issued = await tokens.issue()
        await statistics.record(token: route)
        return try json(
            .ok,
            WireToken(
                token_type: "Bearer", access_token: issued.access, refresh_token: issued.refresh,
                expires_in: configuration.tokenLifetimeSeconds))
    }

    private func refresh(_ token: String?, via route: String) async throws -> Response {
        guard let token, let issued = await tokens.refresh(token) else {
            return try error(.badRequest, "UNAUTHORIZED", "invalid refresh token")
        }
        await statistics.record(token: route)
        return try json(
            .ok,
            WireToken(
                token_type: "Bearer", access_token: issued.access, refresh_token: issued.refresh,
                expires_in: configuration.tokenLifetimeSeconds))
    }

    // MARK: Wire helpers

    private static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    private static func jsonBody(_ request: inout Request) async throws -> JSONValue? {
        let buffer = try await request.collectBody(upTo: maximumBody)
        guard buffer.readableBytes > 0 else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
    }

    static func parseForm(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }

    private func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) throws -> Response {
        try json(status, WireErrors(errors: [.init(code: code, message: message)]))
    }

    private func validationError(_ problems: NumberValidation.Problems) throws -> Response {
        try json(
            .badRequest,
            WireErrors(
                errors: problems.messages.map {
                    .init(code: "VALIDATE_FAILED", message: "field validation failed: \($0)")
                }))
    }

    private func notFound(_ id: String) throws -> Response {
        try error(.notFound, "NOT_FOUND", "exclusive number \(id) not found")
    }
}
