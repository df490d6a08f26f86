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
    /// When the plan was made (RFC 3339, UTC), for a plan that is saved; nil otherwise.
    public var createdAt: String?
    /// The PBX's version, when it was read (for plans and reports that record it) and the PBX
    /// says it.
    public var serverVersion: String?

    /// Why apply would refuse the plan (the safety threshold), if it would.
    public var refusal: SafetyRefusal?
    /// Whether `--force` was given over that refusal.
    public var forced: Bool
    /// The policy's verdict on the plan, when a policy was given (`--policy`); `--force` does
    /// not lift it.
    public var policy: PolicyVerdict?

    /// Creates a context.
    public init(
        server: String, files: [String], digest: String?, desiredCount: Int, refusal: SafetyRefusal? = nil,
        forced: Bool = false, createdAt: String? = nil
    ) {
        self.createdAt = createdAt
        self.server = server
        self.files = files
        self.digest = digest
        self.desiredCount = desiredCount
        self.refusal = refusal
        self.forced = forced
    }
}
