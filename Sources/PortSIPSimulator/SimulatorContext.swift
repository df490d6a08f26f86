import Hummingbird
import NIOCore

/// The request context: Hummingbird's core context plus the connection, so that a handler can
/// drop it on purpose.
struct SimulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
