/// Everything the desired-state files say, combined and checked: the input of planning.
public struct DesiredState: Sendable, Hashable {
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
        unmanaged: UnmanagedPolicy = .ignore,
        defaultEnabled: Bool = true,
        fileCount: Int = 1
    ) {
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
            // A file decoded its entries with its own default (or true); the combined one decides.
            if (file.defaultEnabled?.value ?? true) != enabledDefault { file.inheritEnabled(enabledDefault) }
            if numbers.isEmpty {
                numbers = file.numbers
            } else {
                numbers.append(contentsOf: file.numbers)
            }
        }
        var duplicates: [Int] = []
        for (duplicate, first) in Self.repeatedNumbers(numbers) {
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

    /// Every entry whose number an earlier entry already has, with the index of that first entry,
    /// in entry order.
    ///
    /// Phone numbers are ASCII, and for ASCII text sorting 64-bit hashes of the bytes finds the
    /// repeats several times faster than a dictionary; text with other characters takes the
    /// dictionary, whose `String` equality is the one the planner matches numbers with.
    static func repeatedNumbers(_ numbers: [DesiredNumber]) -> [(duplicate: Int, first: Int)] {
        // Each key is a hash's top 44 bits with the entry's index in the low 20, so sorting plain
        // integers groups candidates in entry order. Equal top bits are only candidates: the
        // numbers themselves are compared.
        let indexBits: UInt64 = 20
        guard numbers.count < 1 << indexBits else { return repeatedNumbersByDictionary(numbers) }
        var keys: [UInt64] = []
        keys.reserveCapacity(numbers.count)
        for index in numbers.indices {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in numbers[index].number.utf8 {
                if byte >= 0x80 { return repeatedNumbersByDictionary(numbers) }
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            keys.append((hash >> indexBits) << indexBits | UInt64(index))
        }
        keys.sort()
        let indexMask: UInt64 = 1 << indexBits - 1
        var repeats: [(duplicate: Int, first: Int)] = []
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count, keys[end] >> indexBits == keys[start] >> indexBits { end += 1 }
            if end - start > 1 {
                for later in start + 1..<end {
                    let laterIndex = Int(keys[later] & indexMask)
                    let number = numbers[laterIndex].number
                    // The first equal one in entry order is the original.
                    if let earlier = (start..<later).first(where: {
                        numbers[Int(keys[$0] & indexMask)].number == number
                    }) {
                        repeats.append((laterIndex, Int(keys[earlier] & indexMask)))
                    }
                }
            }
            start = end
        }
        return repeats.sorted { $0.duplicate < $1.duplicate }
    }

    private static func repeatedNumbersByDictionary(_ numbers: [DesiredNumber]) -> [(duplicate: Int, first: Int)] {
        var repeats: [(duplicate: Int, first: Int)] = []
        var firstDefinition: [String: Int] = [:]
        for index in numbers.indices {
            if let first = firstDefinition[numbers[index].number] {
                repeats.append((index, first))
            } else {
                firstDefinition[numbers[index].number] = index
            }
        }
        return repeats
    }
}
