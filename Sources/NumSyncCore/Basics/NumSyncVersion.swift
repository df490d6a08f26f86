/// The version of numsync, recorded in saved plans and reports.
public enum NumSyncVersion {
    /// The version string.
    public static let current = "0.1.0"
    /// The saved-plan format this version writes and accepts.
    public static let planFormatVersion = 2
}
