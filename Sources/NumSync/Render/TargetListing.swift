import NumSyncCore

/// The selected targets, as a table, as JSON, or as a GitHub Actions matrix. No secret is in
/// any of them: a target holds only the names of its variables.
public struct TargetListing: Sendable {
    /// The targets, in file order.
    public var targets: [Target]

    /// A listing of `targets`.
    public init(_ targets: [Target]) {
        self.targets = targets
    }

    struct Entry: Encodable {
        var target: String
        var url: String
        var files: [String]
        var labels: [String: String]
        var token_env: String?
        var username_env: String?
        var password_env: String?
        var domain: String?
        var rate_limit: Int?

        init(_ target: Target) {
            self.target = target.name
            url = TargetListing.origin(of: target)
            files = target.files
            labels = target.labels
            rate_limit = target.rateLimit
            switch target.credentials {
            case .token(let variable): token_env = variable
            case .account(let username, let password, let domain):
                username_env = username
                password_env = password
                self.domain = domain
            }
        }
    }

    /// The target's server as its origin (and path prefix): never more of its URL than a plan
    /// shows.
    static func origin(of target: Target) -> String {
        (try? ServerAddress(target.url))?.description ?? "(not a usable URL)"
    }

    /// One line per target: name, server, labels.
    public func text() -> String {
        let width = targets.map(\.name.count).max() ?? 0
        return targets.map { target in
            let labels = target.labels.keys.sorted().map { "\($0)=\(target.labels[$0]!)" }.joined(separator: ",")
            let padding = String(repeating: " ", count: width - target.name.count)
            return "\(target.name)\(padding)  \(Self.origin(of: target))\(labels.isEmpty ? "" : "  " + labels)\n"
        }.joined()
    }

    /// `{"targets": [...]}`.
    public func json() -> String {
        struct Document: Encodable { var targets: [Entry] }
        return JSONOutput.encode(Document(targets: targets.map(Entry.init)))
    }

    /// The most jobs a GitHub Actions matrix makes.
    public static let githubMatrixLimit = 256

    /// Why a matrix of more than `githubMatrixLimit` targets will not run, and what to do; nil
    /// when it fits.
    public var githubMatrixWarning: String? {
        guard targets.count > Self.githubMatrixLimit else { return nil }
        return "\(targets.count.formattedWithSeparators) targets: a GitHub Actions matrix makes at most "
            + "\(Self.githubMatrixLimit) jobs, and a workflow with more fails before any runs. Split the targets "
            + "into several matrices (--select by label, e.g. --select region=eu, or --target 'eu-*'), or run "
            + "them with --targets in one job (--max-parallel-targets sets how many at once)"
    }

    /// `{"include": [...]}` for `strategy.matrix: ${{ fromJSON(...) }}`: one job per target,
    /// each with `target` and the names of its credential variables (empty when unused, so
    /// that `secrets[matrix.token_env]` is simply empty).
    public func githubMatrix() -> String {
        struct Include: Encodable {
            var target: String
            var token_env: String
            var username_env: String
            var password_env: String
        }
        struct Matrix: Encodable { var include: [Include] }
        let include = targets.map { target in
            switch target.credentials {
            case .token(let variable):
                Include(target: target.name, token_env: variable, username_env: "", password_env: "")
            case .account(let username, let password, _):
                Include(target: target.name, token_env: "", username_env: username, password_env: password)
            }
        }
        return JSONOutput.encode(Matrix(include: include))
    }
}
