import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

extension PortSIPClient {
    /// Turns what AsyncHTTPClient and SwiftNIO throw into a `PortSIPError`, deciding exactly
    /// whether the request may have reached the server.
    ///
    /// Only connect-phase failures (refused, unreachable, DNS, TLS handshake, connect timeout,
    /// waiting for a pooled connection) prove the request was never sent. A closed connection, a
    /// reset or a timeout may come after the server read the request.
    static func classify(_ error: any Error, method: String, path: String, timeout: Duration) -> PortSIPError {
        func transport(_ reason: String, _ delivery: PortSIPError.Delivery, transient: Bool = true) -> PortSIPError {
            PortSIPError(
                method: method, path: path, kind: .transport(reason: reason, delivery: delivery, transient: transient))
        }
        if error is CancellationError {
            return PortSIPError(method: method, path: path, kind: .cancelled)
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return transport("connecting timed out", .notSent)
            case .tlsHandshakeTimeout:
                return transport("the TLS handshake timed out", .notSent)
            case .getConnectionFromPoolTimeout:
                return transport("no connection became free in time", .notSent)
            case .remoteConnectionClosed:
                return transport("the server closed the connection without answering", .mayHaveReachedServer)
            case .readTimeout:
                return transport("the server stopped answering", .mayHaveReachedServer)
            case .deadlineExceeded:
                return transport("no answer within \(format(timeout))", .mayHaveReachedServer)
            case .cancelled:
                return PortSIPError(method: method, path: path, kind: .cancelled)
            case .invalidURL, .emptyHost, .emptyScheme:
                return PortSIPError(
                    method: method, path: path, kind: .configuration(reason: "invalid server URL: \(error)"))
            default:
                if error.description.contains("unsupportedScheme") {
                    return PortSIPError(
                        method: method, path: path,
                        kind: .configuration(reason: "the server URL must use https or http"))
                }
                return transport("\(error)", .mayHaveReachedServer)
            }
        }
        if let error = error as? NIOConnectionError {
            var reason = "cannot connect"
            if let dns = error.dnsAError ?? error.dnsAAAAError { reason += ": host name lookup failed (\(dns))" }
            if let first = error.connectionErrors.first { reason += ": \(first.error)" }
            return transport(reason, .notSent)
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED:
                return transport("connection refused", .notSent)
            case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                return transport("the server is unreachable", .notSent)
            case ECONNRESET, EPIPE:
                return transport("the connection was reset", .mayHaveReachedServer)
            default:
                return transport("connection error: \(error)", .mayHaveReachedServer)
            }
        }
        if let error = error as? NIOSSLError {
            return transport(
                "the TLS handshake failed (\(error)); pass --ca-cert for a private CA or a self-signed PBX",
                .notSent, transient: false)
        }
        if let error = error as? NIOSSLExtraError {
            return transport(
                "the server's certificate does not match its name (\(error))", .notSent, transient: false)
        }
        return transport("\(error)", .mayHaveReachedServer)
    }
}
