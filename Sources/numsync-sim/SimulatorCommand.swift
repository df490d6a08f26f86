import ArgumentParser
import Foundation
import Logging
import NumSyncCore
import PortSIPSimulator
import UnixSignals

/// `numsync-sim`: a local PortSIP stand-in for the quick start, tests and CI rehearsals.
@main
struct SimulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numsync-sim",
        abstract: "A local PortSIP PBX stand-in: number lists, call queues and sign-in, with faults on demand.",
        discussion: """
            Serves PortSIP's number lists (exclusive numbers, VIP numbers, both blacklists: list with \
            skip/top, create, retrieve, update, destroy), call queues and exclusive agents, and sign-in, \
            on 127.0.0.1 by default. Prints the address it listens on, then runs until SIGINT or SIGTERM.

            Example:
              numsync-sim --port 8887 --token secret --data sim.json
              PORTSIP_URL=http://127.0.0.1:8887 PORTSIP_TOKEN=secret numsync plan numbers.yaml
              numsync-sim --port 0 --token secret --fail-rate 0.1 --rate-limit 1200
            """,
        version: NumSyncVersion.current
    )

    /// Parses and runs; an error says `error:`, as numsync's do.
    static func main() async {
        do {
            var command = try parse()
            try await command.run()
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code.rawValue)
        }
    }

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 8887

    @Option(help: "A fixed bearer token that always authenticates (or set NUMSYNC_SIM_TOKEN).")
    var token: String?

    @Option(name: .customLong("user"), help: "A user who may sign in, as NAME:PASSWORD. Repeatable.")
    var users: [String] = []

    @Option(name: .customLong("two-factor-user"), help: "A user whose sign-in answers with a two-factor challenge.")
    var twoFactorUsers: [String] = []

    @Option(help: "expires_in of issued tokens, in seconds.")
    var tokenLifetime = 3600

    @Option(help: "Sign-in endpoints: both (v22.2+) or legacy (only /api/login/oauth/token).")
    var signIn: String = "both"

    @Option(
        help:
            "Keep state across restarts (written atomically): exclusive numbers in this JSON file, each other list beside it (sim.json → sim.vip_numbers.json)."
    )
    var data: String?

    @Option(help: "PEM certificate chain: serve HTTPS.")
    var tlsCert: String?

    @Option(help: "PEM private key for --tls-cert.")
    var tlsKey: String?

    @Option(
        help:
            "List paging: honour, ignore, no-count (pages without a count), or (misbehaving) overlap, short, growing, shift (the records move under a listing)."
    )
    var paging: String = "honour"

    @Option(help: "How a blank description is answered: empty (\"\", as PortSIP's OpenAPI description has it) or null.")
    var blankDescription: String = "empty"

    @Option(help: "With --paging shift: how many listings see the records move.")
    var shiftingListings = 1

    @Option(help: "Probability of answering 500 without doing anything.")
    var failRate = 0.0

    @Option(help: "Probability of answering 429 with Retry-After.")
    var throttleRate = 0.0

    @Option(help: "Probability of committing a write, then closing the connection without answering.")
    var dropRate = 0.0

    @Option(help: "Delay every exclusive-number answer by this many milliseconds.")
    var latencyMs = 0

    @Option(
        help:
            "Commit every write this many milliseconds after it arrives, then answer; the commit happens even if the client has given up."
    )
    var commitDelayMs = 0

    @Option(help: "Status of throttled answers: 429 or 503.")
    var throttleStatus = 429

    @Option(help: "Retry-After seconds sent with 429.")
    var retryAfter = 1

    @Option(help: "Seed for the fault generator, for repeatable runs.")
    var seed: UInt64 = 0

    @Flag(help: "Log every request on standard error.")
    var logRequests = false

    @Option(
        help:
            "How a set works, of a number's exclusive agents in a queue and of a queue's or ring group's members: replace (the set given becomes the value) or add (added to it). PortSIP does not say."
    )
    var agentsSet: String = "replace"

    @Option(help: "The PBX version GET /api/tenant/status answers, or none for a PBX without it (404).")
    var pbxVersion: String = "22.3.0"

    @Option(help: "The signed-in account's role, as GET /api/auth/user says it.")
    var role: String = "tenant_admin"

    @Option(
        help:
            "The account's capabilities in GET /api/auth/user: all (read and write every list), none (a PBX before v22.3, which does not say), or a comma-separated list such as exclusive_numbers:read,vip_numbers:write."
    )
    var capabilities: String = "all"

    @Option(
        help:
            "Create these call queues and ring groups at start when there are none: JSON {\"queues\": [{\"extension_number\": \"8000\", \"name\": \"Sales\", \"polling_strategy\": \"PRIORITIZED_HUNT\", \"members\": [\"101\", {\"extension_number\": \"102\", \"skill_level\": 80}]}], \"ring_groups\": [{\"extension_number\": \"7000\", \"name\": \"Front desk\", \"ring_strategy\": \"RING_ALL\", \"members\": [\"101\"]}]}."
    )
    var seedQueues: String?

    @Option(
        help:
            "Let through at most this many requests a minute, as a PBX gateway does; the rest are answered 429 (without Retry-After unless --rate-limit-retry-after). Default: no limit."
    )
    var rateLimit: Int?

    @Option(
        help:
            "With --rate-limit: answer excess requests 429 with this Retry-After (seconds) instead of none, as a gateway with a fixed window does."
    )
    var rateLimitRetryAfter: Int?

    func validate() throws {
        for (name, rate) in [("--fail-rate", failRate), ("--throttle-rate", throttleRate), ("--drop-rate", dropRate)]
        where !(0...1).contains(rate) {
            throw ValidationError("\(name) must be between 0 and 1, got \(rate)")
        }
        guard failRate + throttleRate + dropRate <= 1 else {
            throw ValidationError("--fail-rate, --throttle-rate and --drop-rate add up to more than 1")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        guard SimulatorConfiguration.Paging(rawValue: paging) != nil else {
            let names = SimulatorConfiguration.Paging.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--paging must be one of \(names)")
        }
        for (name, value) in [
            ("--latency-ms", latencyMs), ("--commit-delay-ms", commitDelayMs), ("--retry-after", retryAfter),
            ("--shifting-listings", shiftingListings),
        ] where value < 0 {
            throw ValidationError("\(name) must not be negative, got \(value)")
        }
        guard tokenLifetime > 0 else { throw ValidationError("--token-lifetime must be positive") }
        guard throttleStatus == 429 || throttleStatus == 503 else {
            throw ValidationError("--throttle-status must be 429 or 503")
        }
        guard SimulatorConfiguration.BlankDescription(rawValue: blankDescription) != nil else {
            throw ValidationError("--blank-description must be empty or null")
        }
        guard SimulatorConfiguration.SignIn(rawValue: signIn) != nil else {
            throw ValidationError("--sign-in must be both or legacy")
        }
        for user in users where !user.contains(":") {
            throw ValidationError("--user takes NAME:PASSWORD, got \(user.split(separator: ":").first ?? "")")
        }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1 request a minute") }
        if let rateLimitRetryAfter {
            guard rateLimit != nil else { throw ValidationError("--rate-limit-retry-after needs --rate-limit") }
            guard rateLimitRetryAfter >= 1 else { throw ValidationError("--rate-limit-retry-after must be at least 1") }
        }
        guard ExclusiveAgents.SetSemantics(rawValue: agentsSet) != nil else {
            throw ValidationError("--agents-set must be replace or add")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var configuration = SimulatorConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.token = token ?? ProcessInfo.processInfo.environment["NUMSYNC_SIM_TOKEN"]
        for user in users {
            let parts = user.split(separator: ":", maxSplits: 1)
            configuration.users[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        configuration.twoFactorUsers = Set(twoFactorUsers)
        configuration.tokenLifetimeSeconds = tokenLifetime
        configuration.signIn = SimulatorConfiguration.SignIn(rawValue: signIn)!
        configuration.dataFile = data
        configuration.tlsCertificatePath = tlsCert
        configuration.tlsKeyPath = tlsKey
        configuration.paging = SimulatorConfiguration.Paging(rawValue: paging)!
        configuration.blankDescription = SimulatorConfiguration.BlankDescription(rawValue: blankDescription)!
        configuration.faults.failRate = failRate
        configuration.faults.throttleRate = throttleRate
        configuration.faults.dropRate = dropRate
        configuration.faults.latencyMilliseconds = latencyMs
        configuration.faults.commitDelayMilliseconds = commitDelayMs
        configuration.faults.throttleStatus = throttleStatus
        configuration.shiftingListings = shiftingListings
        configuration.agentsSet = ExclusiveAgents.SetSemantics(rawValue: agentsSet)!
        configuration.pbxVersion = pbxVersion == "none" ? nil : pbxVersion
        configuration.accountRole = role
        switch capabilities {
        case "all": configuration.capabilities = SimulatorConfiguration.allCapabilities
        case "none": configuration.capabilities = nil
        default: configuration.capabilities = capabilities.split(separator: ",").map(String.init)
        }
        configuration.rateLimitPerMinute = rateLimit
        configuration.rateLimitRetryAfterSeconds = rateLimitRetryAfter
        if let seedQueues {
            do {
                (configuration.seedQueues, configuration.seedRingGroups) = try SimulatorConfiguration.seed(
                    from: seedQueues)
            } catch {
                throw ValidationError("--seed-queues: \(error)")
            }
        }
        configuration.faults.retryAfterSeconds = retryAfter
        configuration.faults.seed = seed
        configuration.logRequests = logRequests
        if configuration.token == nil, configuration.users.isEmpty {
            FileHandle.standardError.write(
                Data(
                    "numsync-sim: warning: no --token, NUMSYNC_SIM_TOKEN or --user; every API request will get 401\n"
                        .utf8))
        }

        let simulator: Simulator
        let running: RunningSimulator
        do {
            simulator = try Simulator(configuration: configuration)
            running = try await simulator.start(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            FileHandle.standardError.write(Data("numsync-sim: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let count = await simulator.store.count
        // Written straight to the file descriptor: scripts wait for this line, so it must not sit in a buffer.
        FileHandle.standardOutput.write(
            Data("numsync-sim listening on \(running.url) (\(count) exclusive numbers)\n".utf8))
        try await running.waitUntilStopped()
    }
}
