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
    static func classify(
        _ error: any Error, method: String, path: String, address: ServerAddress, timeout: Duration
    ) -> PortSIPError {
        func transport(_ reason: String, _ delivery: PortSIPError.Delivery, transient: Bool = true) -> PortSIPError {
            PortSIPError(
                method: method, path: path, kind: .transport(reason: reason, delivery: delivery, transient: transient))
        }
        func unreachable(_ reason: String) -> PortSIPError {
            PortSIPError(
                method: method, path: path,
                kind: .unreachable(reason: "cannot connect to \(address.authority): \(reason)"))
        }
        if error is CancellationError {
            return PortSIPError(method: method, path: path, kind: .cancelled)
        }
        // Descriptions of the library's errors are never shown whole: some carry header values,
        // and a header carries the token.
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout:
                return unreachable("connecting timed out")
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
                    method: method, path: path,
                    kind: .configuration(reason: "invalid server URL (\(error.shortDescription))"))
            default:
                if error.shortDescription.hasPrefix("Invalid header field") {
                    // Validated before anything is written to the connection.
                    return transport(
                        "a request header holds characters HTTP does not allow (a control character in a token?)",
                        .notSent, transient: false)
                }
                if error.shortDescription == "Unsupported scheme" {
                    return PortSIPError(
                        method: method, path: path,
                        kind: .configuration(reason: "the server URL must use https or http"))
                }
                return transport(error.shortDescription, .mayHaveReachedServer)
            }
        }
        if let error = error as? NIOConnectionError {
            if let dns = error.dnsAError ?? error.dnsAAAAError {
                return unreachable("the host name lookup failed (\(dns))")
            }
            if let first = error.connectionErrors.first {
                if let io = first.error as? IOError, io.errnoCode == ECONNREFUSED {
                    return unreachable("connection refused")
                }
                return unreachable("\(first.error)")
            }
            return unreachable("no address to connect to")
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED:
                return unreachable("connection refused")
            case ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL:
                return unreachable("the server is unreachable")
            case ECONNRESET, EPIPE:
                return transport("the connection was reset", .mayHaveReachedServer)
            default:
                return transport("connection error: \(error)", .mayHaveReachedServer)
            }
        }
        if let error = error as? NIOSSLError {
            // The library's own text names BoringSSL's internals and a path on the machine it was
            // built on: it is read to tell the cases apart, never shown.
            let internals = "\(error)"
            if internals.contains("WRONG_VERSION_NUMBER") || internals.contains("HTTP_REQUEST")
                || internals.contains("PACKET_LENGTH_TOO_LONG")
            {
                return transport(
                    "the server did not answer TLS; does it speak http:// on this port?", .notSent, transient: false)
            }
            if internals.contains("CERTIFICATE_VERIFY_FAILED") || internals.contains("certificate") {
                return transport(
                    "the server's certificate is not trusted; pass --ca-cert for a private CA or a self-signed PBX",
                    .notSent, transient: false)
            }
            return transport(
                "the TLS handshake failed; check that the server speaks HTTPS on this port and that its certificate "
                    + "is valid (--ca-cert for a private CA or a self-signed PBX)", .notSent, transient: false)
        }
        if error is NIOSSLExtraError {
            return transport("the server's certificate does not match its name", .notSent, transient: false)
        }
        return transport("unexpected \(type(of: error))", .mayHaveReachedServer)
    }
}
