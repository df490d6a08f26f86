import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import NumSyncCore
import ServiceLifecycle
import UnixSignals

/// A local PortSIP stand-in: every number list numsync manages, sign-in, paging and faults,
/// over HTTP or HTTPS.
public struct Simulator: Sendable {
    /// How it behaves.
    public let configuration: SimulatorConfiguration
    /// Its exclusive numbers.
    public let store: NumberStore
    /// Every list's records, by list key (exclusive numbers included).
    public let stores: [String: NumberStore]
    /// The call queues (read only over the API, but for their members).
    public let queues: NumberStore
    /// The ring groups (read only over the API, but for their members).
    public let ringGroups: NumberStore
    /// The queues' members and the numbers' exclusive agents.
    public let agents: ExclusiveAgents
    /// Its request counters.
    public let statistics: RequestStatistics
    /// Holds requests to the list routes while a test wants them held.
    public let hold = RequestHold()
    /// Holds writes after they arrive and before they commit, while a test wants them held: a
    /// PBX that is slow to commit, for exactly as long as the test needs.
    public let commits = RequestHold()
    /// Requests to the list routes a test wants answered with an error.
    public let script = ScriptedFailures()
    /// What `POST /_sim/webhook` received.
    public let webhooks = WebhookInbox()
    let tokens: TokenStore

    /// Prepares a simulator, loading `--data` if given (a corrupt file throws).
    public init(configuration: SimulatorConfiguration) throws {
        self.configuration = configuration
        var stores: [String: NumberStore] = [:]
        for list in PortSIPList.all {
            stores[list.key] = try NumberStore(
                list: list, dataFile: configuration.dataFile.map { Self.dataFile($0, of: list) })
        }
        self.stores = stores
        self.store = stores[PortSIPList.primary.key]!
        self.queues = try NumberStore(
            list: .callQueues, dataFile: configuration.dataFile.map { Self.dataFile($0, of: .callQueues) })
        self.ringGroups = try NumberStore(
            list: .ringGroups, dataFile: configuration.dataFile.map { Self.dataFile($0, of: .ringGroups) })
        self.agents = try ExclusiveAgents(
            semantics: configuration.agentsSet,
            dataFile: configuration.dataFile.map { Self.dataFile($0, named: "exclusive_agents") })
        self.statistics = RequestStatistics()
        self.tokens = TokenStore(
            fixedToken: configuration.token, lifetimeSeconds: configuration.tokenLifetimeSeconds, now: configuration.now
        )
    }

    /// Where `--data PATH` keeps a list: the primary list (exclusive numbers) in `PATH` itself (as
    /// always), every other list beside it, `sim.json` → `sim.vip_numbers.json`.
    public static func dataFile(_ path: String, of list: PortSIPList) -> String {
        guard !list.isPrimary else { return path }
        return dataFile(path, named: list.key)
    }

    /// `sim.json` → `sim.NAME.json`.
    static func dataFile(_ path: String, named name: String) -> String {
        if path.hasSuffix(".json") { return String(path.dropLast(5)) + "." + name + ".json" }
        return path + "." + name
    }

    /// Creates the `--seed-queues` queues and ring groups with their members, unless there are
    /// some already (kept by `--data`).
    func seedQueues() async {
        if await queues.count == 0 {
            for seed in configuration.seedQueues {
                let queue = await queues.create([
                    "extension_number": .string(seed.extension_number), "name": .string(seed.name),
                    "polling_strategy": .string(seed.polling_strategy),
                ])
                await agents.seedMembers(seed.members.map(\.member), in: .callQueues, of: queue.id)
            }
        }
        if await ringGroups.count == 0 {
            for seed in configuration.seedRingGroups {
                let group = await ringGroups.create([
                    "extension_number": .string(seed.extension_number), "name": .string(seed.name),
                    "ring_strategy": .string(seed.ring_strategy),
                ])
                await agents.seedMembers(seed.members.map(\.member), in: .ringGroups, of: group.id)
            }
        }
    }

    /// Starts listening and returns once the port is bound.
    ///
    /// - Parameter gracefulShutdownSignals: signals that stop it gracefully (none for tests).
    public func start(gracefulShutdownSignals: [UnixSignal] = []) async throws -> RunningSimulator {
        await seedQueues()
        var logger = Logger(label: "numsync-sim")
        logger.logLevel = configuration.logRequests ? .info : .critical
        let routes = SimulatorRoutes(
            configuration: configuration,
            stores: Dictionary(uniqueKeysWithValues: stores.values.map { ($0.list.path, $0) }),
            queues: queues, ringGroups: ringGroups, agents: agents, tokens: tokens,
            faults: FaultInjector(configuration.faults), statistics: statistics,
            shifts: ListingShifts(limit: configuration.shiftingListings),
            gate: configuration.rateLimitPerMinute.map { RateGate(perMinute: $0, now: configuration.now) },
            hold: hold, commits: commits, script: script, webhooks: webhooks)
        let server: HTTPServerBuilder
        var scheme = "http"
        if let certificatePath = configuration.tlsCertificatePath, let keyPath = configuration.tlsKeyPath {
            let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map {
                NIOSSLCertificateSource.certificate($0)
            }
            let key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
            let tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            server = try .tls(.http1(), tlsConfiguration: tls)
            scheme = "https"
        } else {
            server = .http1()
        }
        let (ports, portContinuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let app = Application(
            router: routes.router(),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
            services: [PersistenceService(stores: Array(stores.values) + [queues, ringGroups], agents: agents)],
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
            },
            logger: logger
        )
        let group = ServiceGroup(
            services: [app], gracefulShutdownSignals: gracefulShutdownSignals, logger: logger)
        let task = Task {
            do {
                try await group.run()
                portContinuation.finish()
            } catch {
                portContinuation.finish(throwing: error)
                throw error
            }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = try await iterator.next() else {
            try await task.value
            throw SimulatorError(description: "the server stopped before it listened")
        }
        return RunningSimulator(
            port: port, url: "\(scheme)://\(configuration.host):\(port)", store: store, stores: stores,
            queues: queues, ringGroups: ringGroups, agents: agents,
            statistics: statistics, hold: hold, commits: commits, script: script, webhooks: webhooks,
            tokens: tokens, group: group, task: task)
    }
}

/// A problem starting the simulator.
public struct SimulatorError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
}

/// A simulator that is listening.
public struct RunningSimulator: Sendable {
    /// The bound port.
    public let port: Int
    /// `http://127.0.0.1:PORT` (or https): what clients pass as `--server`.
    public let url: String
    /// Its exclusive numbers.
    public let store: NumberStore
    /// Every list's records, by list key.
    public let stores: [String: NumberStore]
    /// The call queues.
    public let queues: NumberStore
    /// The ring groups.
    public let ringGroups: NumberStore
    /// The queues' and ring groups' members and the numbers' exclusive agents.
    public let agents: ExclusiveAgents
    /// Its request counters.
    public let statistics: RequestStatistics
    /// Holds requests to the list routes while a test wants them held.
    public let hold: RequestHold
    /// Holds writes between their arrival and their commit while a test wants them held.
    public let commits: RequestHold
    /// Requests to the list routes a test wants answered with an error.
    public let script: ScriptedFailures
    /// What `POST /_sim/webhook` received.
    public let webhooks: WebhookInbox
    let tokens: TokenStore
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Stops gracefully: held requests go on, in-flight requests finish, state is written.
    public func stop() async throws {
        await hold.open()
        await commits.open()
        await group.triggerGracefulShutdown()
        try await task.value
    }

    /// Forgets every token issued by sign-in, as a PBX restart would (fixed tokens still work).
    public func revokeIssuedTokens() async {
        await tokens.revokeAll()
    }

    /// Waits until a signal (or `stop`) ends it.
    public func waitUntilStopped() async throws {
        try await task.value
    }
}

/// Writes the store shortly after every change, and once more on shutdown.
struct PersistenceService: Service {
    let stores: [NumberStore]
    let agents: ExclusiveAgents

    func run() async throws {
        let stores = self.stores
        let agents = self.agents
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                for store in stores {
                    do {
                        try await store.flush()
                    } catch {
                        FileHandle.standardError.write(Data("numsync-sim: \(error)\n".utf8))
                    }
                }
                do {
                    try await agents.flush()
                } catch {
                    FileHandle.standardError.write(Data("numsync-sim: \(error)\n".utf8))
                }
            }
        }
        for store in stores { try await store.flush() }
        try await agents.flush()
    }
}
