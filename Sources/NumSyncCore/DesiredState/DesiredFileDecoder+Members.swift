// `call_queues:` and `ring_groups:`: the members of the groups a file names, by extension number.

extension DesiredFileDecoder {
    /// The keys of a group's entry.
    public static let groupKeys = ["members"]
    /// The keys of a member written as a mapping.
    public static let memberKeys = ["extension", "skill_level"]

    /// A mapping of group extension numbers to `{members: [...]}`.
    mutating func decodeGroups(_ index: Int32, of groups: PortSIPList) {
        guard document.kind(of: index) == .mapping else {
            diagnostics.append(
                .expected(
                    "a mapping of \(groups.recordName) extension numbers to their `members`", for: groups.key,
                    found: document[index], at: document.location(of: index)))
            return
        }
        for (key, value) in document.pairs(of: index) {
            let group = document.text(of: key)
            let location = document.location(of: key)
            var valid = true
            if !DesiredAgents.isExtension(group) {
                diagnostics.append(.invalidExtension(group, what: groups.recordName, at: location))
                valid = false
            }
            guard document.kind(of: value) == .mapping else {
                diagnostics.append(
                    .expected(
                        "a mapping with `members`", for: "\(groups.key).\(group)", found: document[value],
                        at: document.location(of: value)))
                continue
            }
            var members: (members: [Member], sources: [SourceLocation])?
            var named = false
            for (entryKey, entryValue) in document.pairs(of: value) {
                guard document.text(of: entryKey, equals: "members") else {
                    diagnostics.append(
                        .unknownKey(
                            document.text(of: entryKey), in: "`\(groups.key).\(group)`", allowed: Self.groupKeys,
                            at: document.location(of: entryKey)))
                    valid = false
                    continue
                }
                named = true
                members = decodeMembers(entryValue, of: group, in: groups)
            }
            guard named, !document.isNull(value) else {
                diagnostics.append(.missingMembers(group, in: groups.key, at: location))
                continue
            }
            guard valid, let members else { continue }
            file.members.append(
                DesiredMembers(
                    list: groups, extensionNumber: group, members: members.members, source: location,
                    memberSources: members.sources))
        }
    }

    /// A sequence of members: extension numbers, or `{extension, skill_level}` mappings.
    private mutating func decodeMembers(_ index: Int32, of group: String, in groups: PortSIPList)
        -> (members: [Member], sources: [SourceLocation])?
    {
        let key = "\(groups.key).\(group).members"
        if document.isNull(index) {
            diagnostics.append(.missingMembers(group, in: groups.key, at: document.location(of: index)))
            return nil
        }
        guard document.kind(of: index) == .sequence else {
            diagnostics.append(
                .expected(
                    "a list of members (`[]` for none)", for: key, found: document[index],
                    at: document.location(of: index)))
            return nil
        }
        var members: [Member] = []
        var sources: [SourceLocation] = []
        var valid = true
        for item in document.items(of: index) {
            let location = document.location(of: item)
            guard let member = decodeMember(item, for: key) else {
                valid = false
                continue
            }
            if let first = members.firstIndex(where: { $0.extensionNumber == member.extensionNumber }) {
                diagnostics.append(
                    .duplicateMember(
                        member.extensionNumber, group: group, in: groups.key, at: location, first: sources[first]))
                valid = false
            }
            members.append(member)
            sources.append(location)
        }
        return valid ? (members, sources) : nil
    }

    /// One member: `"101"`, or `{extension: "101", skill_level: 80}`.
    private mutating func decodeMember(_ index: Int32, for key: String) -> Member? {
        let location = document.location(of: index)
        switch document.kind(of: index) {
        case .scalar where !document.isNull(index):
            return decodeExtension(index)
        case .mapping:
            var member: Member?
            var level = Member.defaultSkillLevel
            var valid = true
            for (memberKey, value) in document.pairs(of: index) {
                if document.text(of: memberKey, equals: "extension") {
                    member = decodeExtension(value)
                    valid = valid && member != nil
                } else if document.text(of: memberKey, equals: "skill_level") {
                    if let decoded = decodeSkillLevel(value) { level = decoded } else { valid = false }
                } else {
                    diagnostics.append(
                        .unknownKey(
                            document.text(of: memberKey), in: "a member of `\(key)`", allowed: Self.memberKeys,
                            at: document.location(of: memberKey)))
                    valid = false
                }
            }
            guard valid else { return nil }
            guard var member else {
                diagnostics.append(.missingNumber(keyField: "extension", at: location))
                return nil
            }
            member.skillLevel = level
            return member
        default:
            diagnostics.append(
                .expected(
                    "an extension number or a mapping with `extension` and `skill_level`", for: key,
                    found: document[index], at: location))
            return nil
        }
    }

    private mutating func decodeExtension(_ index: Int32) -> Member? {
        let text = document.text(of: index)
        guard document.kind(of: index) == .scalar, !document.isNull(index), DesiredAgents.isExtension(text) else {
            diagnostics.append(.invalidExtension(text, what: "member", at: document.location(of: index)))
            return nil
        }
        return Member(extensionNumber: text)
    }

    private mutating func decodeSkillLevel(_ index: Int32) -> Int? {
        let text = document.text(of: index)
        guard document.kind(of: index) == .scalar, let level = Int(text), Member.skillLevels.contains(level) else {
            diagnostics.append(.invalidSkillLevel(text, at: document.location(of: index)))
            return nil
        }
        return level
    }
}
