import NumSyncCore

/// What a rendered plan says about where it came from, and whether apply would carry it out.
public struct PlanContext: Sendable, Hashable {
    /// The server URL as configured (never a token).
    public var server: String
    /// The desired-state files, in order.
    public var files: [String]
    /// SHA-256 of the files, when computed.
    public var digest: String?
    /// How many numbers the files want.
    public var desiredCount: Int

    /// Why apply would refuse the plan (the safety threshold), if it would.
    public var refusal: SafetyRefusal?
    /// Whether `--force` was given over that refusal.
    public var forced: Bool

    /// Creates a context.
    public init(
        server: String, files: [String], digest: String?, desiredCount: Int, refusal: SafetyRefusal? = nil,
        forced: Bool = false
    ) {
        self.server = server
        self.files = files
        self.digest = digest
        self.desiredCount = desiredCount
        self.refusal = refusal
        self.forced = forced
    }
}
