/// One PBX (or one tenant on a PBX) that a targets file names: where it is, which environment
/// variables hold its credentials, and which desired-state files describe it.
///
/// A target holds no secret: only the names of the variables that do.
public struct Target: Sendable, Hashable {
    /// How a target signs in, by the names of environment variables.
    public enum Credentials: Sendable, Hashable {
        /// An API token in the variable `variable`.
        case token(variable: String)
        /// An account: user name and password variables, and the tenant's SIP domain (not a
        /// secret) for a tenant user.
        case account(usernameVariable: String, passwordVariable: String, domain: String?)

        /// Every variable named.
        public var variables: [String] {
            switch self {
            case .token(let variable): [variable]
            case .account(let username, let password, _): [username, password]
            }
        }
    }

    /// The target's name: letters, digits, `.`, `_` and `-`, unique in its file.
    public var name: String
    /// The PBX's URL, e.g. `https://pbx-eu.example.com:8887`.
    public var url: String
    /// How it signs in.
    public var credentials: Credentials
    /// A CA certificate to verify the PBX with, as written (relative to the targets file).
    public var caCertificate: String?
    /// Desired-state files and directories, as written (relative to the targets file).
    public var files: [String]
    /// Whether directories are searched recursively.
    public var recursive: Bool
    /// Labels to select by (`--select key=value`).
    public var labels: [String: String]
    /// Requests a minute to pace this target to, when the file says.
    public var rateLimit: Int?
    /// A policy file for this target's plans, checked with any `--policy` given.
    public var policy: String?
    /// Where the target's entry starts.
    public var location: SourceLocation

    /// Creates a target.
    public init(
        name: String, url: String, credentials: Credentials, caCertificate: String? = nil, files: [String],
        recursive: Bool = false, labels: [String: String] = [:], rateLimit: Int? = nil, policy: String? = nil,
        location: SourceLocation
    ) {
        self.policy = policy
        self.name = name
        self.url = url
        self.credentials = credentials
        self.caCertificate = caCertificate
        self.files = files
        self.recursive = recursive
        self.labels = labels
        self.rateLimit = rateLimit
        self.location = location
    }
}
