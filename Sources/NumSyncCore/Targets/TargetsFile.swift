/// A targets file (`numsync.targets.yaml`): the PBXs one repository describes, in file order.
public struct TargetsFile: Sendable, Hashable {
    /// The file as the user named it.
    public var file: String
    /// Every target, in the order the file lists them.
    public var targets: [Target]

    /// Creates a targets file.
    public init(file: String, targets: [Target]) {
        self.file = file
        self.targets = targets
    }
}
