import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS

/// The certificate a PBX presents over HTTPS, read for `numsync doctor` with the trust settings
/// every request uses: who issued it and when it expires.
public struct ServerCertificate: Sendable, Hashable {
    /// The issuer's name, e.g. `CN=R11, O=Let's Encrypt, C=US`.
    public var issuer: String
    /// When it stops being valid.
    public var notValidAfter: Date

    /// Whole days from `now` until it expires (negative once it has).
    public func daysLeft(at now: Date) -> Int {
        Int((notValidAfter.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    /// Connects to the server, completes a TLS handshake as the client would, and reads the
    /// certificate; nil for plain HTTP. A certificate the client would refuse is refused here
    /// too, with the handshake's error.
    public static func read(_ settings: ConnectionSettings) async throws -> ServerCertificate? {
        let server = settings.server
        guard !server.isPlainHTTP else { return nil }
        let context = try NIOSSLContext(configuration: try PortSIPClient.tlsConfiguration(for: settings))
        let host = server.host.hasPrefix("[") ? String(server.host.dropFirst().dropLast()) : server.host
        // An address is not a name to ask for (SNI).
        let name = host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) ? nil : host
        let group = MultiThreadedEventLoopGroup.singleton
        let promise = group.next().makePromise(of: NIOSSLCertificate?.self)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(settings.connectTimeout.nanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        try NIOSSLClientHandler(context: context, serverHostname: name))
                    try channel.pipeline.syncOperations.addHandler(HandshakeWaiter(promise: promise))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: server.effectivePort).get()
        } catch {
            promise.fail(error)
            throw error
        }
        defer { channel.close(promise: nil) }
        guard let certificate = try await promise.futureResult.get() else { return nil }
        let issuer = certificate.issuerName.map { "\(Self.label($0.type))=\($0.value)" }.joined(separator: ", ")
        return ServerCertificate(
            issuer: issuer, notValidAfter: Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter)))
    }

    private static func label(_ type: SSLCertificateNameType) -> String {
        switch type {
        case .commonName: "CN"
        case .organization: "O"
        case .organizationalUnit: "OU"
        case .country: "C"
        case .state: "ST"
        case .city: "L"
        default: "?"
        }
    }
}

/// Completes a promise with the peer's certificate once the TLS handshake is done, or with the
/// error that ended it.
private final class HandshakeWaiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    private let promise: EventLoopPromise<NIOSSLCertificate?>

    init(promise: EventLoopPromise<NIOSSLCertificate?>) {
        self.promise = promise
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            context.channel.nioSSL_peerCertificate().cascade(to: promise)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }
}
