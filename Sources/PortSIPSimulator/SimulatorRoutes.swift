import Foundation
import Hummingbird
import Logging
import NIOCore
import NumSyncCore

/// The simulator's routes: one Hummingbird router group per list, built from the lists'
/// declarations, behind the checks every list route shares (bearer token, latency, injected
/// faults); and sign-in.
struct SimulatorRoutes: Sendable {
    let configuration: SimulatorConfiguration
    /// One store per list, by API path.
    let stores: [String: NumberStore]
    /// The call queues.
    let queues: NumberStore
    /// The ring groups.
    let ringGroups: NumberStore
    /// The queues' and ring groups' members and the numbers' exclusive agents.
    let agents: ExclusiveAgents
    let tokens: TokenStore
    let faults: FaultInjector
    let statistics: RequestStatistics
    let shifts: ListingShifts
    /// The gateway's request limit, if any.
    let gate: RateGate?
    /// Holds requests while a test wants them held.
    let hold: RequestHold
    /// Holds writes before they commit while a test wants them held.
    let commits: RequestHold
    /// Requests a test wants answered with an error.
    let script: ScriptedFailures
    /// What `POST /_sim/webhook` received.
    let webhooks: WebhookInbox

    /// Thrown after a write was committed and the connection closed on purpose.
    struct DroppedConnection: Error {}

    static let maximumBody = 1 << 20

    /// The router.
    func router() -> Router<SimulatorContext> {
        let router = Router(context: SimulatorContext.self)
        router.add(middleware: Bookkeeping(routes: self))
        router.get("/_sim/stats") { _, _ in try json(.ok, await statistics.current()) }
        router.post("/api/auth/sign_in") { request, _ in try await signIn(request) }
        router.post("/api/login/oauth/token") { request, _ in try await oauthToken(request) }
        router.post("/api/auth/refresh_token") { request, _ in try await refreshToken(request) }
        addServerFacts(to: router)
        addWebhookInbox(to: router, inbox: webhooks)
        for store in stores.values {
            let list = router.group(RouterPath("/api/\(store.list.path)")).add(
                middleware: ListGuard(routes: self))
            list.get { request, _ in try await self.list(request, in: store) }
            list.post { request, _ in try await create(request, in: store) }
            list.get(":id") { _, context in try await retrieve(context.id, in: store) }
            list.post(":id") { request, context in try await update(context.id, request, in: store) }
            list.post(":id/destroy") { _, context in try await destroy(context.id, in: store) }
            if store.list.relations.contains(.exclusiveAgents) {
                addExclusiveAgents(to: list, numbers: store)
            }
        }
        // Call queues and ring groups are read only, but for their members.
        for groups in [queues, ringGroups] {
            let routes = router.group(RouterPath("/api/\(groups.list.path)")).add(
                middleware: ListGuard(routes: self))
            routes.get { request, _ in try await self.list(request, in: groups) }
            routes.get(":id") { _, context in try await retrieve(context.id, in: groups) }
            routes.get(":id/agents") { _, context in try await members(in: groups, of: context.id) }
            routes.post(":id/agents") { request, context in try await setMembers(request, in: groups, of: context.id) }
        }
        return router
    }

    /// The name requests are counted under: `POST /api/exclusive_numbers/{id}` for a record's
    /// route, the path itself otherwise.
    func routeName(method: HTTPRequest.Method, path: String) -> String {
        for store in Array(stores.values) + [queues, ringGroups] {
            let base = "/api/" + store.list.path
            guard path == base || path.hasPrefix(base + "/") else { continue }
            let rest = path.dropFirst(base.count).split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            switch rest.count {
            case 0: return "\(method.rawValue) \(base)"
            case 1: return "\(method.rawValue) \(base)/{id}"
            default: return "\(method.rawValue) \(base)/{id}/\(rest.dropFirst().joined(separator: "/"))"
            }
        }
        return "\(method.rawValue) \(path)"
    }

    // MARK: Lists

    /// The request's body, checked against the list's declaration.
    private func validated(_ request: Request, in store: NumberStore, requireKey: Bool) async throws
        -> Result<[String: JSONValue], RecordValidation.Problems>
    {
        var request = request
        return RecordValidation.check(try await Self.jsonBody(&request), for: store.list, requireKey: requireKey)
    }

    private func create(_ request: Request, in store: NumberStore) async throws -> Response {
        switch try await validated(request, in: store, requireKey: true) {
        case .failure(let problems):
            return try validationError(problems)
        case .success(let fields):
            let created = await commit("create") { await store.create(fields) }
            return try json(
                HTTPResponse.Status(code: store.list.createdStatus), WireCreated(id: created!.id))
        }
    }

    func retrieve(_ id: String, in store: NumberStore) async throws -> Response {
        guard let record = await store.get(id) else { return try notFound(id, in: store.list) }
        return try json(.ok, answered(record, in: store.list))
    }

    private func update(_ id: String, _ request: Request, in store: NumberStore) async throws -> Response {
        guard await store.get(id) != nil else { return try notFound(id, in: store.list) }
        switch try await validated(request, in: store, requireKey: false) {
        case .failure(let problems):
            return try validationError(problems)
        case .success(let fields):
            guard await commit("update", { await store.update(id, fields) }) != nil else {
                return try notFound(id, in: store.list)
            }
            return Response(status: .ok)
        }
    }

    private func destroy(_ id: String, in store: NumberStore) async throws -> Response {
        let agents = self.agents
        let removed = await commit("destroy") { () async -> Bool? in
            guard await store.destroy(id) else { return nil }
            if store.list.relations.contains(.exclusiveAgents) { await agents.forget(id) }
            return true
        }
        guard removed != nil else { return try notFound(id, in: store.list) }
        return Response(status: .noContent)
    }

    /// Commits a write after `--commit-delay-ms` (or, in tests, once `commits` lets it go), in a
    /// task of its own: a client that gives up (and closes the connection) does not stop the
    /// commit, as it would not stop a busy PBX. `write` returns nil when there was nothing to
    /// commit; otherwise the commit is counted as `kind`, with the write, whatever became of the
    /// request.
    func commit<T: Sendable>(_ kind: String, _ write: @escaping @Sendable () async -> T?) async -> T? {
        let statistics = self.statistics
        let commits = self.commits
        let delay = configuration.faults.commitDelayMilliseconds
        return await Task {
            await commits.pass()
            if delay > 0 { try? await Task.sleep(for: .milliseconds(delay)) }
            guard let result = await write() else { return nil }
            await statistics.record(commit: kind)
            return result
        }.value
    }

    func list(_ request: Request, in store: NumberStore) async throws -> Response {
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
            let grown = total + (await statistics.current().requests("GET /api/\(store.list.path)"))
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
        let counted = store.list.listingHasCount ? count : nil
        return try json(.ok, WireList(count: counted, items: items.map { answered($0, in: store.list) }))
    }

    /// A record as the simulator answers it: a blank description as the vendor's OpenAPI
    /// description has it (`""`), or as `null` when configured so (a real PBX may send either).
    private func answered(_ record: WireRecord, in list: PortSIPList) -> WireRecord {
        var answered = record
        for field in list.valueFields {
            guard field.kind.isText, (record.text(field.name) ?? "").isEmpty else { continue }
            // A blank timestamp is `null` (there is no instant); blank text as configured.
            if case .timestamp = field.kind {
                answered.fields[field.name] = .null
                continue
            }
            answered.fields[field.name] = configuration.blankDescription == .empty ? .string("") : .null
        }
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
        return try await answer(tokens.issue(), via: route)
    }

    private func refresh(_ token: String?, via route: String) async throws -> Response {
        guard let token, let issued = await tokens.refresh(token) else {
            return try error(.badRequest, "UNAUTHORIZED", "invalid refresh token")
        }
        return try await answer(issued, via: route)
    }

    /// The answer to a sign-in or refresh that issued tokens, counted by how they were issued.
    private func answer(_ issued: (access: String, refresh: String), via route: String) async throws -> Response {
        await statistics.record(token: route)
        return try json(
            .ok,
            WireToken(
                token_type: "Bearer", access_token: issued.access, refresh_token: issued.refresh,
                expires_in: configuration.tokenLifetimeSeconds))
    }

    // MARK: Wire helpers

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    static func jsonBody(_ request: inout Request) async throws -> JSONValue? {
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

    func json(_ status: HTTPResponse.Status, _ value: some Encodable) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func error(_ status: HTTPResponse.Status, _ code: String, _ message: String) throws -> Response {
        try json(status, WireErrors(errors: [.init(code: code, message: message)]))
    }

    private func validationError(_ problems: RecordValidation.Problems) throws -> Response {
        try json(
            .badRequest,
            WireErrors(
                errors: problems.messages.map {
                    .init(code: "VALIDATE_FAILED", message: "field validation failed: \($0)")
                }))
    }

    private func notFound(_ id: String, in list: PortSIPList) throws -> Response {
        try error(.notFound, "NOT_FOUND", "\(list.recordName) \(id) not found")
    }
}

extension SimulatorRoutes {
    /// Counts and logs every request, and answers an unknown route with PortSIP's error body.
    struct Bookkeeping: RouterMiddleware {
        typealias Context = SimulatorContext
        let routes: SimulatorRoutes

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
            async throws -> Response
        {
            let path = request.uri.path
            if routes.configuration.logRequests {
                FileHandle.standardError.write(Data("numsync-sim: \(request.method.rawValue) \(path)\n".utf8))
            }
            if path != "/_sim/stats" {
                await routes.statistics.record(route: routes.routeName(method: request.method, path: path))
                if let gate = routes.gate, !(await gate.admit()) {
                    await routes.statistics.record(fault: "rate_limit")
                    var response = try routes.error(.tooManyRequests, "TOO_MANY_REQUESTS", "access limit exceeded")
                    if let seconds = routes.configuration.rateLimitRetryAfterSeconds {
                        response.headers[.retryAfter] = String(seconds)
                    }
                    return response
                }
            }
            do {
                return try await next(request, context)
            } catch let error as HTTPError where error.status == .notFound {
                return try routes.error(.notFound, "NOT_FOUND", "no route for \(request.method.rawValue) \(path)")
            }
        }
    }

    /// What every list route checks first: the bearer token, then `--latency-ms`, then the
    /// injected faults. A dropped write is committed, then its connection closed unanswered.
    struct ListGuard: RouterMiddleware {
        typealias Context = SimulatorContext
        let routes: SimulatorRoutes

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
            async throws -> Response
        {
            let configuration = routes.configuration
            if let rejection = await routes.tokens.rejection(of: SimulatorRoutes.bearerToken(request)) {
                return try routes.error(.unauthorized, "UNAUTHORIZED", rejection)
            }
            await routes.hold.pass()
            let route = routes.routeName(method: request.method, path: request.uri.path)
            if let failure = await routes.script.failure(for: route) {
                await routes.statistics.record(fault: "scripted")
                var response = try routes.error(
                    HTTPResponse.Status(code: failure.status),
                    failure.status == 400 ? "VALIDATE_FAILED" : "SCRIPTED_FAILURE", failure.message)
                if let seconds = failure.retryAfter { response.headers[.retryAfter] = String(seconds) }
                return response
            }
            if configuration.faults.latencyMilliseconds > 0 {
                try await Task.sleep(for: .milliseconds(configuration.faults.latencyMilliseconds))
            }
            switch await routes.faults.draw(isWrite: request.method == .post) {
            case .throttle:
                await routes.statistics.record(fault: "throttle")
                var response =
                    configuration.faults.throttleStatus == 503
                    ? try routes.error(.serviceUnavailable, "SERVICE_UNAVAILABLE", "the server is busy")
                    : try routes.error(.tooManyRequests, "TOO_MANY_REQUESTS", "rate limit exceeded")
                response.headers[.retryAfter] = String(configuration.faults.retryAfterSeconds)
                return response
            case .fail:
                await routes.statistics.record(fault: "fail")
                return try routes.error(.internalServerError, "INTERNAL_ERROR", "simulated server failure")
            case .drop:
                let response = try await next(request, context)
                // Only a committed write is dropped; a rejected one is answered as usual.
                guard (200..<300).contains(response.status.code) else { return response }
                await routes.statistics.record(fault: "drop")
                try? await context.channel.close().get()
                throw DroppedConnection()
            case .none:
                return try await next(request, context)
            }
        }
    }
}

extension SimulatorContext {
    /// The `:id` of a record's route, percent-decoded: ids are passed back exactly.
    var id: String {
        let raw = parameters.get("id") ?? ""
        return raw.removingPercentEncoding ?? raw
    }
}
