/// What a rendered plan says about where it came from.
public struct PlanContext: Sendable, Hashable {
    /// The server URL as configured (never a token).
    public var server: String
    /// The desired-state files, in order.
    public var files: [String]
    /// SHA-256 of the files, when computed.
    public var digest: String?
    /// How many numbers the files want.
    public var desiredCount: Int

    /// Creates a context.
    public init(server: String, files: [String], digest: String?, desiredCount: Int) {
        self.server = server
        self.files = files
        self.digest = digest
        self.desiredCount = desiredCount
    }
}
