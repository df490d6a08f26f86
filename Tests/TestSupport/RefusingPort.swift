import Foundation

/// A loopback port that refuses every connection for as long as it is held.
///
/// A socket bound and never listening: connections to it are refused, and no other listener can
/// take the port meanwhile. (A stopped simulator's port is no such thing: under the full suite
/// another test's server may bind it a moment later, and then a "refused" connection hangs.)
public final class RefusingPort: Sendable {
    /// The port number.
    public let port: Int
    private let socket: Int32

    private init(port: Int, socket: Int32) {
        self.port = port
        self.socket = socket
    }

    deinit { close(socket) }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Holds a refusing port while `body` runs.
    public static func with<Result>(_ body: (RefusingPort) async throws -> Result) async throws -> Result {
        let held = try hold()
        defer { withExtendedLifetime(held) {} }
        return try await body(held)
    }

    private static func hold() throws -> RefusingPort {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(what: "socket") }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw Failure(what: "bind")
        }
        return RefusingPort(port: Int(UInt16(bigEndian: address.sin_port)), socket: descriptor)
    }

    /// The port could not be held.
    struct Failure: Error, CustomStringConvertible {
        var what: String
        var description: String { "cannot hold a refusing port: \(what): \(String(cString: strerror(errno)))" }
    }
}
