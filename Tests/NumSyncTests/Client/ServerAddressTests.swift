import NumSync
import Testing

@Suite("Server address")
struct ServerAddressTests {
    @Test(
        "the API base appends /api once, after any path prefix",
        arguments: [
            ("https://pbx.example.com:8887", "https://pbx.example.com:8887/api"),
            ("https://pbx.example.com:8887/", "https://pbx.example.com:8887/api"),
            ("https://pbx.example.com:8887/api", "https://pbx.example.com:8887/api"),
            ("https://PBX.Example.com:8887/api/", "https://pbx.example.com:8887/api"),
            ("https://proxy.example.com/portsip/", "https://proxy.example.com/portsip/api"),
        ])
    func apiBase(server: String, base: String) throws {
        #expect(try ConnectionSettings(server: ServerAddress(server), credentials: .token(Secret("t"))).apiBase == base)
    }

    @Test("a saved plan's server matches whatever the slash, /api, case or default port")
    func sameServer() throws {
        let server = try ServerAddress("https://pbx.example.com:8887")
        #expect(ConnectionSettings.sameServer("https://PBX.example.com:8887/", server))
        #expect(ConnectionSettings.sameServer("https://pbx.example.com:8887/api", server))
        #expect(!ConnectionSettings.sameServer("https://pbx.example.com:8888", server))
        #expect(!ConnectionSettings.sameServer("http://pbx.example.com:8887", server))
        #expect(
            ConnectionSettings.sameServer("https://pbx.example.com", try ServerAddress("https://pbx.example.com:443")))
        #expect(!ConnectionSettings.sameServer("not a url", server))
    }

    @Test(
        "URLs without a scheme or host, or with a bad port, are refused before any request",
        arguments: ["pbx.example.com:8887", "https://", "ftp://pbx.example.com", "https://pbx:99999", "http://a b"])
    func refused(server: String) {
        #expect(throws: PortSIPError.self) { try ServerAddress(server) }
    }

    @Test(
        "a user name, password, query or fragment in the URL is refused, and the refusal never repeats it",
        arguments: [
            "https://admin:hunter2@pbx.example.com:8887", "https://admin@pbx.example.com:8887",
            "http://localhost:hunter2@pbx.example.invalid", "https://pbx.example.com:8887/?token=hunter2",
            "https://pbx.example.com:8887/#hunter2",
        ])
    func userInfoRefused(server: String) {
        let error = #expect(throws: PortSIPError.self) { try ServerAddress(server) }
        let message = error.map { "\($0)" } ?? ""
        #expect(!message.contains("hunter2"))
        #expect(!message.contains("admin"))
        if server.contains("@") { #expect(message.contains("PORTSIP_USERNAME")) }
    }

    @Test(
        "an address shows as its origin, and knows whether it is loopback and plain HTTP",
        arguments: [
            ("http://127.0.0.1:8887", "http://127.0.0.1:8887", true, true),
            ("http://127.1.2.3:8887/api", "http://127.1.2.3:8887", true, true),
            ("http://localhost:8887", "http://localhost:8887", true, true),
            ("http://[::1]:8887", "http://[::1]:8887", true, true),
            ("http://pbx.example.com:8888", "http://pbx.example.com:8888", false, true),
            ("http://127.0.0.1.nip.io:8888", "http://127.0.0.1.nip.io:8888", false, true),
            ("http://127.0.0.256:8888", "http://127.0.0.256:8888", false, true),
            ("https://pbx.example.com:8887", "https://pbx.example.com:8887", false, false),
        ])
    func origin(server: String, shown: String, loopback: Bool, plain: Bool) throws {
        let address = try ServerAddress(server)
        #expect(address.description == shown)
        #expect(address.isLoopback == loopback)
        #expect(address.isPlainHTTP == plain)
    }

    @Test("a refused connection names the address it tried")
    func authority() throws {
        #expect(try ServerAddress("https://pbx.example.com").authority == "pbx.example.com:443")
        #expect(try ServerAddress("http://127.0.0.1:9").authority == "127.0.0.1:9")
    }
}
