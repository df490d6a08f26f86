/// Everything the desired-state files say, combined and checked: the input of planning.
public struct DesiredState: Sendable, Hashable {
    /// The list the numbers belong to.
    public var collection: ResourceCollection
    /// The wanted numbers, in the order the files list them (files in the order given).
    public var numbers: [DesiredNumber]
    /// What to do with numbers no file lists.
    public var unmanaged: UnmanagedPolicy
    /// `defaults.enabled` as resolved across files (true when no file sets it).
    public var defaultEnabled: Bool
    /// How many files contributed.
    public var fileCount: Int

    /// Creates a desired state from resolved numbers.
    public init(
        numbers: [DesiredNumber],
        in collection: ResourceCollection = .exclusiveNumbers,
        unmanaged: UnmanagedPolicy = .ignore,
        defaultEnabled: Bool = true,
        fileCount: Int = 1
    ) {
        self.collection = collection
        self.numbers = numbers
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
        var numbers: [DesiredNumber] = []
        for var file in files {
            // The one place `defaults.enabled` is resolved: entries that omit `enabled` hold true
            // until here.
            if !enabledDefault { file.inheritEnabled(enabledDefault) }
            if numbers.isEmpty {
                numbers = file.numbers
            } else {
                numbers.append(contentsOf: file.numbers)
            }
        }
        var duplicates: [Int] = []
        for (duplicate, first) in RepeatedNumbers.find(in: numbers) {
            diagnostics.append(
                .duplicateNumber(numbers[duplicate].number, at: numbers[duplicate].source, first: numbers[first].source)
            )
            duplicates.append(duplicate)
        }
        if !duplicates.isEmpty {
            let dropped = Set(duplicates)
            numbers = numbers.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        }
        let state = DesiredState(
            numbers: numbers, unmanaged: unmanaged?.value ?? .ignore, defaultEnabled: enabledDefault,
            fileCount: files.count)
        return (state, diagnostics)
    }
}
