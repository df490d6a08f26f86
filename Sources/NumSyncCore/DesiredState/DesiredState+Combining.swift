extension DesiredState {
    /// Combines decoded files into one desired state, collecting every cross-file problem:
    /// numbers repeated within a list (with a note at the first definition), conflicting
    /// settings, policies a list cannot follow, and numbers both VIP and blacklisted (a warning).
    ///
    /// The lists are those the files name. When no file names any list, the state manages
    /// exclusive numbers, with no entries: what such a file has always meant.
    public static func combining(_ files: [DesiredFile]) -> (state: DesiredState, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let defaultEnabled = agreed(files.compactMap(\.defaultEnabled), key: "defaults.enabled", &diagnostics)
        let policy = agreed(files.compactMap(\.unmanaged), key: "unmanaged", &diagnostics)
        let enabledDefault = defaultEnabled?.value ?? true

        var named: [PortSIPList] = []
        var numbers: [String: [DesiredNumber]] = [:]
        var agents: [String: [NumberAgents]] = [:]
        for file in files {
            for var section in file.sections {
                let key = section.list.key
                agents[key, default: []] += section.agents
                if numbers[key] == nil { named.append(section.list) }
                // The one place `defaults.enabled` is resolved: entries that omit `enabled` hold
                // true until here.
                if !enabledDefault { section.inheritEnabled(enabledDefault) }
                if numbers[key, default: []].isEmpty {
                    numbers[key] = section.numbers
                } else {
                    numbers[key]!.append(contentsOf: section.numbers)
                }
            }
        }
        var members: [DesiredMembers] = []
        var firstGiven: [String: [ExactText: SourceLocation]] = [:]
        for file in files {
            for group in file.members {
                let key = ExactText(group.extensionNumber)
                if let first = firstGiven[group.list.key]?[key] {
                    diagnostics.append(
                        .duplicateGroup(group.extensionNumber, in: group.list.key, at: group.source, first: first)
                    )
                    continue
                }
                firstGiven[group.list.key, default: [:]][key] = group.source
                members.append(group)
            }
        }
        // A file that gives members only manages no list of numbers.
        if named.isEmpty && members.isEmpty { named = [.primary] }

        var perList: [String: [Located<UnmanagedPolicy>]] = [:]
        for file in files {
            for entry in file.unmanagedByList {
                guard named.contains(where: { $0.key == entry.list.key }) else {
                    diagnostics.append(.policyForUnnamedList(entry.list.key, at: entry.policy.location))
                    continue
                }
                perList[entry.list.key, default: []].append(entry.policy)
            }
        }

        var lists: [DesiredList] = []
        for declaration in named {
            var entries = numbers[declaration.key] ?? []
            var duplicates: [Int] = []
            for (duplicate, first) in RepeatedNumbers.find(in: entries) {
                diagnostics.append(
                    .duplicateNumber(
                        entries[duplicate].number, at: entries[duplicate].source, first: entries[first].source))
                duplicates.append(duplicate)
            }
            if !duplicates.isEmpty {
                let dropped = Set(duplicates)
                entries = entries.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
            }
            let own = perList[declaration.key] ?? []
            var chosen = agreed(own, key: "unmanaged.\(declaration.key)", &diagnostics)
            if let specific = chosen, let general = policy, specific.value != general.value {
                diagnostics.append(
                    .conflictingSetting(
                        "unmanaged.\(declaration.key)", value: specific.value.rawValue, at: specific.location,
                        first: general.value.rawValue, at: general.location))
            }
            chosen = chosen ?? policy
            if let chosen, chosen.value == .disable, declaration.disablingField == nil {
                diagnostics.append(.cannotDisable(declaration.key, at: chosen.location))
            }
            var list = DesiredList(
                numbers: entries, in: declaration, unmanaged: chosen?.value ?? .ignore, defaultEnabled: enabledDefault)
            list.agents = agents[declaration.key] ?? []
            lists.append(list)
        }
        var state = DesiredState(lists: lists, fileCount: files.count)
        state.members = members
        diagnostics += vipAlsoBlacklisted(in: state)
        return (state, diagnostics)
    }

    /// The first of several settings of one key, with an error at each that disagrees with it.
    private static func agreed<Value: Hashable & CustomStringConvertible>(
        _ settings: [Located<Value>], key: String, _ diagnostics: inout [Diagnostic]
    ) -> Located<Value>? {
        guard let first = settings.first else { return nil }
        for setting in settings.dropFirst() where setting.value != first.value {
            diagnostics.append(
                .conflictingSetting(
                    key, value: setting.value.description, at: setting.location, first: first.value.description,
                    at: first.location))
        }
        return first
    }

    /// A warning for each number the files make a VIP and also blacklist: a VIP caller that is
    /// blocked is almost always a mistake.
    private static func vipAlsoBlacklisted(in state: DesiredState) -> [Diagnostic] {
        guard let vip = state[.vipNumbers], !vip.numbers.isEmpty else { return [] }
        var vipByNumber: [ExactText: DesiredNumber] = [:]
        for entry in vip.numbers { vipByNumber[ExactText(entry.number)] = entry }
        var warnings: [Diagnostic] = []
        for blacklist in [PortSIPList.callQueueBlacklistedNumbers, .blacklistedNumbers] {
            for entry in state[blacklist]?.numbers ?? [] {
                guard let favoured = vipByNumber[ExactText(entry.number)] else { continue }
                warnings.append(
                    .vipAlsoBlacklisted(entry.number, in: blacklist.key, at: entry.source, vipAt: favoured.source))
            }
        }
        return warnings
    }
}

extension UnmanagedPolicy: CustomStringConvertible {
    public var description: String { rawValue }
}
