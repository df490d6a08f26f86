import AsyncHTTPClient
import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

@testable import NumSync

@Suite("Client listings")
struct ListingTests {
    @Test(
        "listings are complete and take exactly one request per page",
        arguments: [(0, 1), (1, 1), (100, 1), (101, 2), (250, 3), (10_000, 100)])
    func completeListing(total: Int, requests: Int) async throws {
        try await TestSimulator.with({ _ in }, seed: TestSimulator.records(total)) { simulator in
            let listed = try await withClient(simulator) { try await $0.list(.exclusiveNumbers) }
            #expect(listed.count == total)
            #expect(listed.map(\.id) == (0..<total).map { "id-\($0)" })
            #expect(await simulator.statistics.current().requests("GET /api/exclusive_numbers") == requests)
        }
    }

    @Test("a server that ignores paging is read in one request")
    func ignoredPaging() async throws {
        try await TestSimulator.with({ $0.paging = .ignore }, seed: TestSimulator.records(250)) { simulator in
            let listed = try await withClient(simulator) { try await $0.list(.exclusiveNumbers) }
            #expect(listed.count == 250)
            #expect(await simulator.statistics.current().requests("GET /api/exclusive_numbers") == 1)
        }
    }

    @Test(
        "overlapping and short pages are detected as an incomplete listing",
        arguments: [SimulatorConfiguration.Paging.overlap, .short])
    func incompleteListing(paging: SimulatorConfiguration.Paging) async throws {
        try await TestSimulator.with({ $0.paging = paging }, seed: TestSimulator.records(250)) { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator) { try await $0.list(.exclusiveNumbers) }
            }
            guard case .incompleteListing? = error?.kind else {
                Issue.record("expected an incomplete listing, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("no creates were planned") == true)
        }
    }

    @Test("a count that changes during the listing is detected")
    func countChanges() async throws {
        try await TestSimulator.with({ $0.paging = .growing }, seed: TestSimulator.records(250)) { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator) { try await $0.list(.exclusiveNumbers) }
            }
            #expect(error?.description.contains("count changed from") == true)
        }
    }

    @Test(
        "a server that sends no count is paged until a short page, and every record is read",
        arguments: [(0, 1), (99, 1), (100, 2), (150, 2), (250, 3)])
    func listingWithoutCount(total: Int, requests: Int) async throws {
        try await TestSimulator.with({ $0.paging = .noCount }, seed: TestSimulator.records(total)) { simulator in
            let listed = try await withClient(simulator) { try await $0.list(.exclusiveNumbers) }
            #expect(listed.map(\.id) == (0..<total).map { "id-\($0)" })
            #expect(await simulator.statistics.current().requests("GET /api/exclusive_numbers") == requests)
        }
    }

    @Test("a record that slips between pages is missed by one listing, and confirming it lists until two agree")
    func shiftingListingIsConfirmed() async throws {
        try await TestSimulator.with({ $0.paging = .shift }, seed: TestSimulator.records(250)) { simulator in
            try await withClient(simulator) { client in
                let first = try await client.list(.exclusiveNumbers)
                // id-100 moved onto the first page after it was read: this listing misses it.
                #expect(!first.map(\.id).contains("id-100"))
                let confirmed = try await client.confirm(first, in: .exclusiveNumbers)
                #expect(confirmed.map(\.id) == (await simulator.store.all()).map(\.id))
                #expect(confirmed.map(\.id).contains("id-100"))
            }
        }
    }

    @Test("a server that keeps changing under every listing cannot be confirmed: an incomplete listing")
    func endlesslyShiftingListing() async throws {
        try await TestSimulator.with(
            {
                $0.paging = .shift
                $0.shiftingListings = 100
            }, seed: TestSimulator.records(250)
        ) { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                try await withClient(simulator) { client in
                    _ = try await client.confirm(try await client.list(.exclusiveNumbers), in: .exclusiveNumbers)
                }
            }
            guard case .incompleteListing? = error?.kind else {
                Issue.record("expected an incomplete listing, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("changed while it was being listed") == true)
        }
    }

    @Test("records are read tolerantly: null description is empty, a missing enabled is true")
    func tolerantRecords() async throws {
        let seed = [
            WireNumber(id: "a", number: "+1", created_at: "2026-01-01T00:00:00Z", enabled: false, description: nil)
        ]
        // A real PBX may send a blank description as null; the client takes it as empty.
        try await TestSimulator.with({ $0.blankDescription = .null }, seed: seed) { simulator in
            let listed = try await withClient(simulator) { try await $0.list(.exclusiveNumbers) }
            #expect(
                listed == [
                    ObservedRecord(
                        id: "a", number: "+1", enabled: false, description: "", createdAt: "2026-01-01T00:00:00Z")
                ])
        }
    }
}

@Suite("Client record requests")
struct RecordRequestTests {
    @Test("create, retrieve, update only the given fields, and destroy")
    func crud() async throws {
        try await TestSimulator.with { simulator in
            try await withClient(simulator) { client in
                let id = try await client.create(
                    [
                        .init(.number, .string("+14155550100")), .init(.enabled, .bool(true)),
                        .init(.description, .string("Sales")),
                    ], in: .exclusiveNumbers)
                var record = try await client.retrieve(id, in: .exclusiveNumbers)
                #expect(record.key == "+14155550100" && record.enabled && record.description == "Sales")
                try await client.update(id, [.init(.enabled, .bool(false))], in: .exclusiveNumbers)
                record = try await client.retrieve(id, in: .exclusiveNumbers)
                #expect(!record.enabled && record.description == "Sales")
                try await client.destroy(id, in: .exclusiveNumbers)
                #expect(try await client.list(.exclusiveNumbers).isEmpty)
            }
        }
    }

    @Test("ids that hold / + = are passed back exactly")
    func awkwardIDs() async throws {
        let seed = [
            WireNumber(id: "a/b+c==", number: "+1", created_at: "2026-01-01T00:00:00Z", enabled: true, description: nil)
        ]
        try await TestSimulator.with({ _ in }, seed: seed) { simulator in
            try await withClient(simulator) { client in
                #expect(try await client.retrieve("a/b+c==", in: .exclusiveNumbers).key == "+1")
                try await client.update("a/b+c==", [.init(.description, .string("x"))], in: .exclusiveNumbers)
                #expect(try await client.retrieve("a/b+c==", in: .exclusiveNumbers).description == "x")
            }
        }
    }

    @Test("an error says method, path, status, PortSIP's code and message")
    func errorsExplain() async throws {
        try await TestSimulator.with { simulator in
            try await withClient(simulator) { client in
                let error = await #expect(throws: PortSIPError.self) {
                    _ = try await client.create([.init(.number, .string(""))], in: .exclusiveNumbers)
                }
                #expect(
                    error?.description
                        == "POST /api/exclusive_numbers: 400 VALIDATE_FAILED: field validation failed: number must be 1 to 64 characters, got 0"
                )
                let missing = await #expect(throws: PortSIPError.self) {
                    _ = try await client.retrieve("nope", in: .exclusiveNumbers)
                }
                #expect(
                    missing?.description
                        == "GET /api/exclusive_numbers/nope: 404 NOT_FOUND: exclusive number nope not found")
            }
        }
    }

    @Test(
        "error bodies are read tolerantly",
        arguments: [
            ("", "UNKNOWN", nil),
            ("<html>Bad Gateway</html>", "UNKNOWN", "<html>Bad Gateway</html>"),
            (#"{"errors":[{"code":"VALIDATE_FAILED","message":"bad"}]}"#, "VALIDATE_FAILED", "bad"),
            (#"{"errors":[{"code":"weird code","message":"m"}]}"#, "UNKNOWN", "m"),
            (#"{"errors":[{"message":"m"}]}"#, "UNKNOWN", "m"),
            (#"{"errors":[]}"#, "UNKNOWN", #"{"errors":[]}"#),
        ] as [(String, String, String?)])
    func errorBodies(body: String, code: String, message: String?) {
        let details = PortSIPClient.errorDetails(Array(body.utf8))
        #expect(details.code == code)
        #expect(details.message == message)
    }

    @Test("Retry-After is read as seconds or as an HTTP date")
    func retryAfter() {
        #expect(PortSIPClient.parseRetryAfter("3") == Duration.seconds(3))
        #expect(PortSIPClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == Duration.zero)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        let future = formatter.string(from: Date().addingTimeInterval(30))
        let parsed = PortSIPClient.parseRetryAfter(future)!
        #expect(parsed > Duration.seconds(25) && parsed <= Duration.seconds(31))
        #expect(PortSIPClient.parseRetryAfter("soon") == nil)
    }

    @Test("backoff has full jitter under an exponential ceiling, and never undercuts Retry-After")
    func backoff() {
        var generator = SystemRandomNumberGenerator()
        let policy = RetryPolicy.standard
        for retry in 1...12 {
            let delay = policy.delay(beforeRetry: retry, serverAsked: nil, using: &generator)
            #expect(delay >= .zero && delay <= min(.seconds(8), .milliseconds(250) * (1 << (retry - 1))))
            #expect(policy.delay(beforeRetry: retry, serverAsked: .seconds(9), using: &generator) >= .seconds(9))
        }
    }
}

@Suite("Client authentication")
struct AuthenticationTests {
    let signIn = Credentials.signIn(username: "admin", password: Secret("pa55 word&"), domain: "acme.example.com")

    @Test("signs in with POST /api/auth/sign_in")
    func signsIn() async throws {
        try await TestSimulator.with({ $0.users = ["admin": "pa55 word&"] }) { simulator in
            _ = try await withClient(simulator, credentials: signIn) { try await $0.list(.exclusiveNumbers) }
            let stats = await simulator.statistics.current()
            #expect(stats.requests("POST /api/auth/sign_in") == 1)
            #expect(stats.requests("POST /api/login/oauth/token") == 0)
        }
    }

    @Test("falls back to POST /api/login/oauth/token when sign_in answers 404")
    func fallsBackToOAuth() async throws {
        try await TestSimulator.with({
            $0.users = ["admin": "pa55 word&"]
            $0.signIn = .legacy
        }) { simulator in
            _ = try await withClient(simulator, credentials: signIn) { try await $0.list(.exclusiveNumbers) }
            let stats = await simulator.statistics.current()
            #expect(stats.requests("POST /api/auth/sign_in") == 1)
            #expect(stats.requests("POST /api/login/oauth/token") == 1)
        }
    }

    @Test("refreshes the token before expires_in runs out", arguments: [SimulatorConfiguration.SignIn.both, .legacy])
    func refreshes(flavour: SimulatorConfiguration.SignIn) async throws {
        // The client and the simulator read one test clock: time moves when the test says so.
        let clock = TestClock()
        try await TestSimulator.with({
            $0.users = ["admin": "pa55 word&"]
            $0.tokenLifetimeSeconds = 3600
            $0.signIn = flavour
            $0.now = clock.now
        }) { simulator in
            try await withClient(simulator, credentials: signIn, time: TimeSource(now: clock.now)) { client in
                _ = try await client.list(.exclusiveNumbers)
                // Past 3,540 s the client renews (a tenth of the lifetime, at most a minute, early).
                clock.advance(by: .seconds(3_550))
                _ = try await client.list(.exclusiveNumbers)
            }
            let tokens = await simulator.statistics.current().tokens
            // One sign-in, then one refresh before expiry: never a second sign-in after a 401.
            #expect(
                tokens
                    == (flavour == .both
                        ? ["sign_in": 1, "refresh_token": 1] : ["oauth_password": 1, "oauth_refresh": 1]))
        }
    }

    @Test("after a 401 on a signed-in session it signs in again, once, and carries on")
    func recoversFrom401() async throws {
        try await TestSimulator.with({ $0.users = ["admin": "pa55 word&"] }) { simulator in
            try await withClient(simulator, credentials: signIn) { client in
                _ = try await client.list(.exclusiveNumbers)
                await simulator.revokeIssuedTokens()
                _ = try await client.list(.exclusiveNumbers)
            }
            let stats = await simulator.statistics.current()
            #expect(stats.requests("POST /api/auth/sign_in") == 2)
            #expect(stats.requests("GET /api/exclusive_numbers") == 3)
        }
    }

    @Test("a rejected token is a clear error")
    func rejectedToken() async throws {
        try await TestSimulator.with { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator, credentials: .token(Secret("wrong"))) {
                    try await $0.list(.exclusiveNumbers)
                }
            }
            #expect(error?.description.contains("401 UNAUTHORIZED") == true)
            #expect(error?.description.contains("the token was rejected") == true)
        }
    }

    @Test("a wrong password says the sign-in failed, and why")
    func wrongPassword() async throws {
        try await TestSimulator.with({ $0.users = ["admin": "right"] }) { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator, credentials: signIn) { try await $0.list(.exclusiveNumbers) }
            }
            #expect(
                error?.description
                    == #"POST /api/auth/sign_in: sign-in as "admin" failed: 400 UNAUTHORIZED: invalid username or password"#
            )
        }
    }

    @Test("a two-factor challenge is a clear error")
    func twoFactor() async throws {
        try await TestSimulator.with({
            $0.users = ["admin": "pa55 word&"]
            $0.twoFactorUsers = ["admin"]
        }) { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator, credentials: signIn) { try await $0.list(.exclusiveNumbers) }
            }
            #expect(error?.description.contains("needs a second factor") == true)
            #expect(error?.description.contains("PORTSIP_TOKEN") == true)
        }
    }
}

@Suite("Client TLS")
struct TLSTests {
    let tls = TestPaths.fixtures + "/tls"

    func withHTTPS(_ body: (RunningSimulator) async throws -> Void) async throws {
        try await TestSimulator.with({
            $0.tlsCertificatePath = tls + "/server.pem"
            $0.tlsKeyPath = tls + "/server.key"
        }) { simulator in try await body(simulator) }
    }

    @Test("a self-signed PBX is refused without --ca-cert, and the request was not sent")
    func refusedWithoutCA() async throws {
        try await withHTTPS { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator) { try await $0.list(.exclusiveNumbers) }
            }
            guard case .transport(let reason, let delivery, _)? = error?.kind else {
                Issue.record("expected a transport error, got \(String(describing: error))")
                return
            }
            #expect(delivery == .notSent)
            #expect(reason.contains("--ca-cert"))
        }
    }

    @Test("a wrong CA is refused too")
    func wrongCA() async throws {
        try await withHTTPS { simulator in
            await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator, caCertificate: tls + "/other-ca.pem") {
                    try await $0.list(.exclusiveNumbers)
                }
            }
        }
    }

    @Test("--ca-cert makes it work; --insecure too")
    func trustedWithCA() async throws {
        try await withHTTPS { simulator in
            let viaCA = try await withClient(simulator, caCertificate: tls + "/ca.pem") {
                try await $0.list(.exclusiveNumbers)
            }
            #expect(viaCA.isEmpty)
            let viaInsecure = try await withClient(simulator, insecure: true) { try await $0.list(.exclusiveNumbers) }
            #expect(viaInsecure.isEmpty)
        }
    }

    @Test("an unreadable --ca-cert is a clear configuration error")
    func badCAFile() async throws {
        try await withHTTPS { simulator in
            #expect {
                _ = try makeClient(simulator, caCertificate: "/nonexistent.pem")
            } throws: { error in
                "\(error)".contains("cannot use --ca-cert /nonexistent.pem")
            }
        }
    }
}

@Suite("Client under faults")
struct FaultTests {
    @Test("reads and updates succeed after retries")
    func retriesReadsAndUpdates() async throws {
        try await TestSimulator.with(
            {
                $0.faults.failRate = 0.25
                $0.faults.throttleRate = 0.15
                $0.faults.dropRate = 0.1
                $0.faults.retryAfterSeconds = 0
                $0.faults.seed = 7
            }, seed: TestSimulator.records(250)
        ) { simulator in
            try await withClient(simulator) { client in
                let listed = try await client.list(.exclusiveNumbers)
                #expect(listed.count == 250)
                for record in listed.prefix(40) {
                    try await client.update(record.id, [.init(.description, .string("updated"))], in: .exclusiveNumbers)
                }
                try await client.destroy(listed[249].id, in: .exclusiveNumbers)
            }
            let stats = await simulator.statistics.current()
            #expect(stats.faults.values.reduce(0, +) > 0)
            let records = await simulator.store.all()
            #expect(records.count == 249)
            #expect(records.prefix(40).allSatisfy { $0.description == "updated" })
        }
    }

    @Test(
        "a create whose outcome is unknown is reported as such, never silently repeated",
        arguments: [("drop", 1), ("fail", 0)])
    func unknownCreateOutcome(fault: String, committed: Int) async throws {
        try await TestSimulator.with({
            if fault == "drop" { $0.faults.dropRate = 1 } else { $0.faults.failRate = 1 }
        }) { simulator in
            let error = await #expect(throws: PortSIPError.self) {
                _ = try await withClient(simulator) {
                    try await $0.create([.init(.number, .string("+1"))], in: .exclusiveNumbers)
                }
            }
            #expect(error?.outcomeIsUnknown == true)
            let stats = await simulator.statistics.current()
            #expect(stats.requests("POST /api/exclusive_numbers") == 1)
            #expect(await simulator.store.count == committed)
        }
    }

    @Test("a throttled create is retried: 429 proves it was not processed")
    func throttledCreateIsRetried() async throws {
        try await TestSimulator.with({
            $0.faults.throttleRate = 0.6
            $0.faults.retryAfterSeconds = 0
            $0.faults.seed = 3
        }) { simulator in
            let id = try await withClient(simulator) {
                try await $0.create([.init(.number, .string("+1"))], in: .exclusiveNumbers)
            }
            #expect(!id.isEmpty)
            #expect(await simulator.store.count == 1)
        }
    }

    @Test("a create answered 503 is retried after Retry-After, like a 429: the server did not take it")
    func createAnswered503IsRetried() async throws {
        try await TestSimulator.with({
            $0.faults.throttleRate = 0.5
            $0.faults.throttleStatus = 503
            $0.faults.retryAfterSeconds = 0
            $0.faults.seed = 3
        }) { simulator in
            try await withClient(simulator) { client in
                for index in 0..<20 {
                    _ = try await client.create([.init(.number, .string("+1\(index)"))], in: .exclusiveNumbers)
                }
            }
            #expect(await simulator.statistics.current().faults["throttle", default: 0] > 0)
            // Nothing was listed to find out what happened: a 503 says the create was not taken.
            #expect(await simulator.statistics.current().requests("GET /api/exclusive_numbers") == 0)
            #expect(await simulator.store.count == 20)
        }
    }

    @Test(
        "Retry-After: 60, nine times in a row, is waited out on the PBX's word (nine minutes of a test clock) and the create is sent again until it is taken; the tenth gives up",
        arguments: [(9, true), (10, false)])
    func retryAfterIsWaitedOut(throttles: Int, succeeds: Bool) async throws {
        try await TestSimulator.with { simulator in
            await simulator.script.fail(
                "POST /api/exclusive_numbers", occurrences: 1...throttles, status: 429, retryAfter: 60)
            let clock = TestClock()
            let slept = Slept()
            var failure: (any Error)?
            do {
                _ = try await withClient(
                    simulator, retry: .standard, time: TimeSource(now: clock.now),
                    sleep: { duration in
                        slept.add(duration)
                        clock.advance(by: duration)
                    }
                ) { try await $0.create([.init(.number, .string("+1"))], in: .exclusiveNumbers) }
            } catch {
                failure = error
            }
            // Each pause is the PBX's 60 s; the request's own 60 s budget of waiting is not spent on them.
            #expect(slept.value == .seconds(60 * (succeeds ? throttles : throttles - 1)))
            #expect(await simulator.store.count == (succeeds ? 1 : 0))
            #expect((failure == nil) == succeeds)
            if let failure { #expect("\(failure)".contains("429")) }
        }
    }

    @Test("the pauses a PBX asks for are bounded per run: past the bound, requests fail instead of waiting")
    func pausesAreBoundedPerRun() async throws {
        try await TestSimulator.with { simulator in
            await simulator.script.fail(
                "GET /api/exclusive_numbers", occurrences: 1...100, status: 503, retryAfter: 120)
            let clock = TestClock()
            var retry = RetryPolicy.standard
            retry.maximumServerAskedWait = .seconds(300)
            let error = await #expect(throws: PortSIPError.self) {
                try await withClient(
                    simulator, retry: retry, time: TimeSource(now: clock.now),
                    sleep: { clock.advance(by: $0) }
                ) { _ = try await $0.list(.exclusiveNumbers) }
            }
            #expect(error?.description.contains("503") == true)
            // 120 s twice fits in 300 s; a third pause would not.
            #expect(await simulator.statistics.current().requests("GET /api/exclusive_numbers") == 3)
        }
    }

    @Test("a header the HTTP library refuses is not sent, not retried, and its value is never shown")
    func headerValidationErrorHidesTheValue() throws {
        let error = PortSIPClient.classify(
            HTTPClientError.invalidHeaderFieldValues(["Bearer hunter2\nX-Evil: 1"]), method: "GET",
            path: "/api/exclusive_numbers", address: try ServerAddress("https://pbx.example.com:8887"),
            timeout: .seconds(30))
        #expect(!error.description.contains("hunter2"))
        #expect(!error.isTransient)
        #expect(!error.outcomeIsUnknown)
        guard case .transport(_, let delivery, _) = error.kind else {
            Issue.record("expected a transport error, got \(error)")
            return
        }
        #expect(delivery == .notSent)
    }

    @Test(
        "a token or password holding a control character is refused before any request, without showing it",
        arguments: [
            Credentials.token(Secret("hunter2\nX-Evil: 1")), .token(Secret("hunter2\u{1}")),
            .token(Secret("hunter 2")), .signIn(username: "admin", password: Secret("hunter2\r\n"), domain: nil),
        ])
    func controlCharactersInSecretsAreRefused(credentials: Credentials) async throws {
        try await TestSimulator.with { simulator in
            let error = #expect(throws: PortSIPError.self) {
                _ = try makeClient(simulator, credentials: credentials)
            }
            #expect(error.map { "\($0)" }?.contains("hunter") == false)
            #expect(await simulator.statistics.current().totalRequests == 0)
        }
    }

    @Test("a refused connection fails within seconds, naming the address and the reason, as not sent")
    func refusedConnection() async throws {
        try await RefusingPort.with { refusing in try await refusedConnection(port: refusing.port) }
    }

    func refusedConnection(port: Int) async throws {
        // The standard policy: retries for a minute when a server answers badly, not when none
        // answers. The waits between attempts are counted, not timed: a loaded machine makes
        // each connect attempt slower, never the budget larger.
        let slept = Slept()
        let client = try PortSIPClient(
            settings: ConnectionSettings(
                server: try ServerAddress("http://127.0.0.1:\(port)"), credentials: .token(Secret("t")),
                retry: .standard),
            sleep: { slept.add($0) })
        let error = await #expect(throws: PortSIPError.self) {
            _ = try await client.create([.init(.number, .string("+1"))], in: .exclusiveNumbers)
        }
        let attempts = client.requestCounters.sent
        await client.shutdown()
        guard case .unreachable? = error?.kind else {
            Issue.record("expected a connect failure, got \(String(describing: error))")
            return
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("cannot connect to 127.0.0.1:\(port): connection refused"))
        #expect(message.contains("the request was not sent"))
        #expect(error?.outcomeIsUnknown == false)
        // The connect budget is 2 s of waiting; the minute-long budget would wait 16 s or more.
        #expect(slept.value <= RetryPolicy.standard.maximumConnectWait, "waited \(slept.value)")
        #expect(slept.value > .zero)
        #expect(attempts >= 2)
    }
}

@Suite("Secrets")
struct SecretTests {
    @Test("no token or password appears in logs or errors, at the highest verbosity, for any request kind")
    func noSecretsAnywhere() async throws {
        let password = "Pa55-unique-password-Zq9"
        let clock = TestClock()
        try await TestSimulator.with({
            $0.users = ["admin": password]
            $0.tokenLifetimeSeconds = 3600
            $0.signIn = .both
            $0.now = clock.now
        }) { simulator in
            let capture = LogCapture()
            var errors: [String] = []
            let credentials = Credentials.signIn(username: "admin", password: Secret(password), domain: nil)
            try await withClient(
                simulator, credentials: credentials, time: TimeSource(now: clock.now), logger: capture.logger
            ) { client in
                let id = try await client.create(
                    [.init(.number, .string("+1")), .init(.description, .string("x"))], in: .exclusiveNumbers)
                _ = try await client.retrieve(id, in: .exclusiveNumbers)
                try await client.update(id, [.init(.enabled, .bool(false))], in: .exclusiveNumbers)
                _ = try await client.list(.exclusiveNumbers)
                clock.advance(by: .seconds(3_550))
                _ = try await client.list(.exclusiveNumbers)  // refreshes
                try await client.destroy(id, in: .exclusiveNumbers)
                do { _ = try await client.retrieve(id, in: .exclusiveNumbers) } catch { errors.append("\(error)") }
                do { _ = try await client.create([.init(.number, .string(""))], in: .exclusiveNumbers) } catch {
                    errors.append("\(error)")
                }
            }
            // A rejected fixed token, and a failed sign-in.
            let token = TestSimulator.token + "-not-valid"
            do {
                _ = try await withClient(simulator, credentials: .token(Secret(token)), logger: capture.logger) {
                    try await $0.list(.exclusiveNumbers)
                }
            } catch { errors.append("\(error)") }
            do {
                _ = try await withClient(
                    simulator, credentials: .signIn(username: "admin", password: Secret(password + "x"), domain: nil),
                    logger: capture.logger
                ) { try await $0.list(.exclusiveNumbers) }
            } catch { errors.append("\(error)") }

            let everything = capture.text + "\n" + errors.joined(separator: "\n")
            #expect(capture.text.contains("POST /api/exclusive_numbers"))
            #expect(capture.text.contains("[body hidden: credentials]"))
            #expect(errors.count == 4)
            #expect(!everything.contains(password))
            #expect(!everything.contains(token))
            #expect(!everything.contains(TestSimulator.token))
            #expect(!everything.lowercased().contains("bearer "))
            // Issued tokens are long hex strings: none may appear either.
            let hexRuns = everything.split(whereSeparator: { !$0.isHexDigit }).filter { $0.count >= 32 }
            #expect(hexRuns.isEmpty, "\(hexRuns)")
        }
    }

    @Test("a secret prints as <redacted>")
    func secretPrintsRedacted() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        #expect("\(Credentials.token(secret))".contains("hunter2") == false)
    }
}
