import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Simulator authentication")
struct AuthTests {
    @Test("every API route needs a valid bearer token", arguments: [nil, "wrong-token"])
    func bearerIsRequired(token: String?) async throws {
        try await withSimulator { _, http in
            let reply = try await http.get("/api/exclusive_numbers", token: token)
            #expect(reply.status == 401)
            #expect(reply.errorCodes == ["UNAUTHORIZED"])
            let create = try await http.post("/api/exclusive_numbers", #"{"number":"+1"}"#, token: token)
            #expect(create.status == 401)
        }
    }

    @Test("sign_in issues a token that works, with expires_in and a refresh token")
    func signIn() async throws {
        try await withSimulator({ $0.users = ["admin": "s3cret"] }) { _, http in
            let reply = try await http.post(
                "/api/auth/sign_in", #"{"username":"admin","password":"s3cret","domain":"tenant.example.com"}"#,
                token: nil)
            #expect(reply.status == 200)
            #expect(reply.object["token_type"] as? String == "Bearer")
            #expect(reply.object["expires_in"] as? Int == 3600)
            #expect(reply.object["refresh_token"] is String)
            let token = try #require(reply.object["access_token"] as? String)
            #expect(try await http.get("/api/exclusive_numbers", token: token).status == 200)
        }
    }

    @Test("a wrong password answers 400 UNAUTHORIZED")
    func wrongPassword() async throws {
        try await withSimulator({ $0.users = ["admin": "s3cret"] }) { _, http in
            let reply = try await http.post(
                "/api/auth/sign_in", #"{"username":"admin","password":"nope"}"#, token: nil)
            #expect(reply.status == 400)
            #expect(reply.errorCodes == ["UNAUTHORIZED"])
        }
    }

    @Test("the OAuth endpoint signs in with a form, and refreshes")
    func oauth() async throws {
        try await withSimulator({ $0.users = ["admin": "p&ss word"] }) { _, http in
            let reply = try await http.request(
                .POST, "/api/login/oauth/token",
                body: "grant_type=password&username=admin&password=p%26ss+word&scope=all&client_id=x",
                token: nil, contentType: "application/x-www-form-urlencoded")
            #expect(reply.status == 200)
            let refresh = try #require(reply.object["refresh_token"] as? String)
            let refreshed = try await http.request(
                .POST, "/api/login/oauth/token", body: "grant_type=refresh_token&refresh_token=\(refresh)", token: nil,
                contentType: "application/x-www-form-urlencoded")
            #expect(refreshed.status == 200)
            #expect(refreshed.object["access_token"] is String)
        }
    }

    @Test("a legacy PBX has no sign_in endpoint")
    func legacy() async throws {
        try await withSimulator({
            $0.users = ["admin": "pw"]
            $0.signIn = .legacy
        }) { _, http in
            let reply = try await http.post("/api/auth/sign_in", #"{"username":"admin","password":"pw"}"#, token: nil)
            #expect(reply.status == 404)
        }
    }

    @Test("refresh_token exchanges a refresh token once")
    func refreshOnce() async throws {
        try await withSimulator({ $0.users = ["admin": "pw"] }) { _, http in
            let signIn = try await http.post(
                "/api/auth/sign_in", #"{"username":"admin","password":"pw"}"#, token: nil)
            let refresh = try #require(signIn.object["refresh_token"] as? String)
            let first = try await http.post("/api/auth/refresh_token", #"{"refresh_token":"\#(refresh)"}"#, token: nil)
            #expect(first.status == 200)
            let second = try await http.post("/api/auth/refresh_token", #"{"refresh_token":"\#(refresh)"}"#, token: nil)
            #expect(second.status == 400)
        }
    }

    @Test("an issued token expires after expires_in")
    func expiry() async throws {
        let clock = TestClock()
        try await withSimulator({
            $0.users = ["admin": "pw"]
            $0.tokenLifetimeSeconds = 2
            $0.now = clock.now
        }) { _, http in
            let signIn = try await http.post(
                "/api/auth/sign_in", #"{"username":"admin","password":"pw"}"#, token: nil)
            #expect(signIn.object["expires_in"] as? Int == 2)
            let token = try #require(signIn.object["access_token"] as? String)
            #expect(try await http.get("/api/exclusive_numbers", token: token).status == 200)
            clock.advance(by: .milliseconds(1_999))
            #expect(try await http.get("/api/exclusive_numbers", token: token).status == 200)
            clock.advance(by: .milliseconds(1))
            let expired = try await http.get("/api/exclusive_numbers", token: token)
            #expect(expired.status == 401)
            #expect(expired.errorMessages == ["token expired"])
        }
    }

    @Test("a two-factor account answers with a challenge instead of a token")
    func twoFactor() async throws {
        try await withSimulator({
            $0.users = ["admin": "pw"]
            $0.twoFactorUsers = ["admin"]
        }) { _, http in
            let reply = try await http.post("/api/auth/sign_in", #"{"username":"admin","password":"pw"}"#, token: nil)
            #expect(reply.object["access_token"] == nil)
            #expect(reply.object["two_factor_required"] as? Bool == true)
        }
    }
}
