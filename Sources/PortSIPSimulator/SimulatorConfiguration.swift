import Foundation
import NumSyncCore

/// How a simulator behaves: where it listens, who may sign in, and which faults it injects.
public struct SimulatorConfiguration: Sendable {
    /// How the list endpoint treats `skip` and `top`.
    public enum Paging: String, Sendable, CaseIterable {
        /// Pages as documented: `top` items from `skip`, `count` the total.
        case honour
        /// Returns every item whatever `skip` and `top` say, as a PBX may for this endpoint.
        case ignore
        /// Misbehaves: every page after the first repeats the previous page's last item.
        case overlap
        /// Misbehaves: `count` is larger than what the pages yield.
        case short
        /// Misbehaves: `count` grows by one with every page, as if numbers were added meanwhile.
        case growing
        /// Pages as documented but sends no `count`, like PortSIP's call-queue blacklist.
        case noCount = "no-count"
        /// Changes under the listing: when a listing asks for its second page, the record just
        /// before the first page boundary is removed and a new one added at the end. Ids never
        /// repeat and `count` never changes, yet the record that moved onto the first page is
        /// never read. Only the first `shiftingListings` listings shift.
        case shift
    }

    /// How a blank description is answered.
    public enum BlankDescription: String, Sendable, CaseIterable {
        /// `""`, as the vendor's OpenAPI description declares `description` a string.
        case empty
        /// `null`, as a real PBX may send it.
        case null
    }

    /// Which sign-in endpoints exist.
    public enum SignIn: String, Sendable, CaseIterable {
        /// Both `POST /api/auth/sign_in` (v22.2+) and `POST /api/login/oauth/token`.
        case both
        /// Only the OAuth endpoint, like PBXs before v22.2: `sign_in` answers 404.
        case legacy
    }

    /// Random faults, each a probability per request to `/api/exclusive_numbers`.
    public struct Faults: Sendable {
        /// Answer 500 without doing anything.
        public var failRate: Double = 0
        /// Answer 429 with `Retry-After` without doing anything.
        public var throttleRate: Double = 0
        /// Commit a write, then close the connection without answering.
        public var dropRate: Double = 0
        /// Delay every answer by this many milliseconds.
        public var latencyMilliseconds: Int = 0
        /// Commit every write this many milliseconds after it arrives, and answer after that,
        /// like a busy PBX; the write is committed even if the client has given up meanwhile.
        public var commitDelayMilliseconds: Int = 0
        /// The status of a throttled answer: 429, or 503 as some PBXs and proxies send.
        public var throttleStatus: Int = 429
        /// The `Retry-After` sent with 429, in seconds.
        public var retryAfterSeconds: Int = 1
        /// Seed of the fault generator, for repeatable runs.
        public var seed: UInt64 = 0

        /// No faults.
        public init() {}
    }

    /// Address to bind; loopback by default.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port: Int = 0
    /// A fixed token that always authenticates.
    public var token: String?
    /// Users who may sign in: name to password.
    public var users: [String: String] = [:]
    /// Users whose sign-in answers with a two-factor challenge.
    public var twoFactorUsers: Set<String> = []
    /// `expires_in` of issued tokens, in seconds.
    public var tokenLifetimeSeconds: Int = 3600
    /// The clock tokens expire by: the system's, or a test's.
    public var now: @Sendable () -> ContinuousClock.Instant = { .now }
    /// Which sign-in endpoints exist.
    public var signIn: SignIn = .both
    /// Where state is kept across restarts; nil keeps it in memory.
    public var dataFile: String?
    /// PEM certificate chain and key for HTTPS; nil serves plain HTTP.
    public var tlsCertificatePath: String?
    /// PEM private key for HTTPS.
    public var tlsKeyPath: String?
    /// Paging behaviour of the list endpoint.
    public var paging: Paging = .honour
    /// How a blank description is answered.
    public var blankDescription: BlankDescription = .empty
    /// With `paging: .shift`: how many listings (each starting at `skip=0`) see a shift.
    public var shiftingListings: Int = 1
    /// Injected faults.
    public var faults = Faults()
    /// Log every request on standard error.
    public var logRequests = false
    /// Requests per minute the gateway lets through (a token bucket of one second's worth);
    /// nil for no limit. Excess requests are answered 429 without `Retry-After`.
    public var rateLimitPerMinute: Int?
    /// With `rateLimitPerMinute`: the `Retry-After` (seconds) sent with the gateway's 429s; nil
    /// sends none.
    public var rateLimitRetryAfterSeconds: Int?
    /// The PBX version `GET /api/tenant/status` answers; nil plays a PBX without that endpoint (404).
    public var pbxVersion: String? = "22.3.0"
    /// The signed-in account's role, as `GET /api/auth/user` says it.
    public var accountRole = "tenant_admin"
    /// The account's `capabilities` (`LIST:read`, `LIST:write`); nil plays a PBX older than
    /// v22.3, which does not say. The default may read and write every list.
    public var capabilities: [String]? = SimulatorConfiguration.allCapabilities

    /// Reading and writing every list the simulator serves.
    public static var allCapabilities: [String] {
        (PortSIPList.all + PortSIPList.readOnly).flatMap { ["\($0.path):read", "\($0.path):write"] }
    }

    /// Whether setting a number's exclusive agents in a queue replaces them or adds to them.
    public var agentsSet: ExclusiveAgents.SetSemantics = .replace
    /// Call queues to create at start when there are none yet (`--seed-queues FILE`).
    public var seedQueues: [SeedQueue] = []
    /// Ring groups to create at start when there are none yet (`--seed-queues FILE`).
    public var seedRingGroups: [SeedRingGroup] = []

    /// A call queue to seed: its extension number, name, ring strategy and members.
    public struct SeedQueue: Codable, Sendable, Hashable {
        public var extension_number: String
        public var name: String
        public var polling_strategy: String
        public var members: [SeedMember]

        /// Creates a queue to seed.
        public init(extension_number: String, name: String, polling_strategy: String, members: [SeedMember]) {
            self.extension_number = extension_number
            self.name = name
            self.polling_strategy = polling_strategy
            self.members = members
        }
    }

    /// A ring group to seed: its extension number, name, ring strategy and members.
    public struct SeedRingGroup: Codable, Sendable, Hashable {
        public var extension_number: String
        public var name: String
        public var ring_strategy: String
        public var members: [SeedMember]

        /// Creates a ring group to seed.
        public init(extension_number: String, name: String, ring_strategy: String, members: [SeedMember]) {
            self.extension_number = extension_number
            self.name = name
            self.ring_strategy = ring_strategy
            self.members = members
        }
    }

    /// A member to seed: `"101"`, or `{"extension_number": "101", "skill_level": 80}`.
    public struct SeedMember: Codable, Sendable, Hashable, ExpressibleByStringLiteral {
        public var extension_number: String
        public var skill_level: Int

        /// Creates a member to seed.
        public init(extension_number: String, skill_level: Int = 1) {
            self.extension_number = extension_number
            self.skill_level = skill_level
        }

        /// A member at skill level 1.
        public init(stringLiteral extension_number: String) {
            self.init(extension_number: extension_number)
        }

        enum CodingKeys: String, CodingKey {
            case extension_number, skill_level
        }

        public init(from decoder: any Decoder) throws {
            if let text = try? decoder.singleValueContainer().decode(String.self) {
                self.init(extension_number: text)
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                extension_number: try container.decode(String.self, forKey: .extension_number),
                skill_level: try container.decodeIfPresent(Int.self, forKey: .skill_level) ?? 1)
        }

        /// The member as the simulator holds it.
        var member: ExclusiveAgents.Member {
            ExclusiveAgents.Member(extension_number: extension_number, skill_level: skill_level)
        }
    }

    /// Reads a `--seed-queues` file: `{"queues": [{"extension_number", "name", "polling_strategy",
    /// "members": ["101", {"extension_number": "102", "skill_level": 80}]}], "ring_groups": [{
    /// "extension_number", "name", "ring_strategy", "members": [...]}]}` (`ring_groups` optional).
    public static func seed(from path: String) throws -> (queues: [SeedQueue], ringGroups: [SeedRingGroup]) {
        struct File: Codable {
            var queues: [SeedQueue]?
            var ring_groups: [SeedRingGroup]?
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ExclusiveAgents.DataFileError(description: "cannot read \(path)")
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            return (file.queues ?? [], file.ring_groups ?? [])
        } catch {
            throw ExclusiveAgents.DataFileError(description: "\(path) is not a queues file (\(error))")
        }
    }

    /// The default configuration: loopback, a free port, no users, no faults.
    public init() {}
}
