/// Everything the desired-state files say, combined and checked: the input of planning.
public struct DesiredState: Sendable, Hashable {
    /// The wanted numbers, sorted by number.
    public var numbers: [DesiredNumber]
    /// What to do with numbers no file lists.
    public var unmanaged: UnmanagedPolicy
    /// `defaults.enabled` as resolved across files (true when no file sets it).
    public var defaultEnabled: Bool
    /// How many files contributed.
    public var fileCount: Int

    /// Creates a desired state from resolved numbers (sorted here).
    public init(
        numbers: [DesiredNumber],
        unmanaged: UnmanagedPolicy = .ignore,
        defaultEnabled: Bool = true,
        fileCount: Int = 1
    ) {
        self.numbers = numbers.sorted { $0.number < $1.number }
        self.unmanaged = unmanaged
        self.defaultEnabled = defaultEnabled
        self.fileCount = fileCount
    }

    /// Combines decoded files into one desired state, collecting every cross-file problem:
    /// duplicate numbers (with a note at the first definition) and conflicting settings.
    public static func combining(_ files: [DesiredFile]) -> (state: DesiredState, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var defaultEnabled: Located<Bool>?
        var unmanaged: Located<UnmanagedPolicy>?
        for file in files {
            if let setting = file.defaultEnabled {
                if let first = defaultEnabled {
                    if first.value != setting.value {
                        diagnostics.append(
                            .conflictingSetting(
                                "defaults.enabled", value: "\(setting.value)", at: setting.location,
                                first: "\(first.value)", at: first.location))
                    }
                } else {
                    defaultEnabled = setting
                }
            }
            if let setting = file.unmanaged {
                if let first = unmanaged {
                    if first.value != setting.value {
                        diagnostics.append(
                            .conflictingSetting(
                                "unmanaged", value: setting.value.rawValue, at: setting.location,
                                first: first.value.rawValue, at: first.location))
                    }
                } else {
                    unmanaged = setting
                }
            }
        }
        let enabledDefault = defaultEnabled?.value ?? true
        var firstDefinition: [String: SourceLocation] = [:]
        var numbers: [DesiredNumber] = []
        numbers.reserveCapacity(files.reduce(0) { $0 + $1.entries.count })
        for file in files {
            for entry in file.entries {
                if let first = firstDefinition[entry.number] {
                    diagnostics.append(.duplicateNumber(entry.number, at: entry.location, first: first))
                    continue
                }
                firstDefinition[entry.number] = entry.location
                numbers.append(
                    DesiredNumber(
                        number: entry.number, enabled: entry.enabled ?? enabledDefault,
                        description: entry.description, source: entry.location))
            }
        }
        let state = DesiredState(
            numbers: numbers, unmanaged: unmanaged?.value ?? .ignore, defaultEnabled: enabledDefault,
            fileCount: files.count)
        return (state, diagnostics)
    }
}
