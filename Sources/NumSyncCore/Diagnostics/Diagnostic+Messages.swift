// Every message about the desired-state files is worded here, and only here.

extension Diagnostic {
    // MARK: Reading files

    /// A file or directory could not be read.
    public static func unreadable(_ path: String, reason: String) -> Diagnostic {
        Diagnostic(location: SourceLocation(file: path, line: 1, column: 1), message: "cannot read \(path): \(reason)")
    }

    /// A directory holds no desired-state files.
    public static func noYAMLFiles(in directory: String) -> Diagnostic {
        Diagnostic(
            location: nil,
            message: "\(directory) contains no .yaml or .yml files (use --recursive to look in subdirectories)")
    }

    /// A file has no YAML document in it.
    public static func emptyFile(_ file: String, list: String) -> Diagnostic {
        Diagnostic(
            location: SourceLocation(file: file, line: 1, column: 1),
            message: "the file is empty; expected a mapping with `\(list)`")
    }

    /// The bytes are not UTF-8.
    public static func invalidUTF8(at location: SourceLocation, detail: String) -> Diagnostic {
        Diagnostic(location: location, message: "the file is not valid UTF-8 (\(detail))")
    }

    /// libyaml rejected the syntax.
    public static func yamlSyntax(
        at location: SourceLocation, problem: String, context: String?, contextLocation: SourceLocation?
    ) -> Diagnostic {
        var notes: [Note] = []
        if let context, let contextLocation, contextLocation != location {
            notes.append(Note(location: contextLocation, message: context))
        }
        var message =
            context != nil && notes.isEmpty
            ? "invalid YAML: \(problem) \(context!)" : "invalid YAML: \(problem)"
        // libyaml's words for a line that leaves a block at the wrong indentation: say which
        // line, and where the block's entries start.
        if problem == "did not find expected key" || problem == "did not find expected '-' indicator",
            let block = contextLocation, block.line < location.line
        {
            message +=
                "; line \(location.line) is indented to column \(location.column), which breaks the block that starts "
                + "at line \(block.line) (its entries are at column \(block.column)): indent it like them, or "
                + "deeper to continue the line above"
        }
        return Diagnostic(location: location, message: message, notes: notes)
    }

    /// A tab where YAML expects indentation.
    public static func yamlTab(at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "invalid YAML: a tab character here; YAML indents with spaces only")
    }

    /// A second document (`---`) in one file.
    public static func multipleDocuments(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "a second YAML document starts here; numsync reads one document per file (split it into files)")
    }

    /// A tag that is not one of YAML's core tags.
    public static func unsupportedTag(_ tag: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "unsupported tag \(tag); only YAML's core tags (!!str, !!bool, !!int, ...) are allowed")
    }

    /// A mapping key written twice.
    public static func duplicateKey(_ key: String, at location: SourceLocation, first: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location, message: "duplicate key \(key.quotedForDisplay)",
            notes: [Note(location: first, message: "first defined here")])
    }

    /// A key that is a sequence or mapping.
    public static func complexKey(at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "mapping keys must be plain text, not sequences or mappings")
    }

    /// An alias to an anchor that does not exist (yet).
    public static func undefinedAlias(_ name: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "alias *\(name) names no anchor defined before it")
    }

    /// Aliases expand to too many nodes: an alias bomb.
    public static func aliasExpansionLimit(_ limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "aliases expand to more than \(limit.formattedWithSeparators) nodes; refusing to expand further (alias bomb?)"
        )
    }

    /// Sequences and mappings nested deeper than any desired-state file needs.
    public static func nestingTooDeep(_ limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "sequences and mappings are nested more than \(limit) deep here; a desired-state file needs 3")
    }

    /// A merge key whose value is not a mapping or a sequence of mappings.
    public static func invalidMerge(at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "a merge key (<<) takes a mapping or a sequence of mappings")
    }

    // MARK: Shape

    /// A value of the wrong kind.
    public static func expected(_ what: String, for key: String, found node: YAMLNode, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(location: location, message: "`\(key)` must be \(what), found \(node.kindDescription)")
    }

    /// The top level is not a mapping.
    public static func expectedTopLevelMapping(found node: YAMLNode, list: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            location: location,
            message: "the top level must be a mapping with `\(list)`, found \(node.kindDescription)")
    }

    /// A list's key left empty, e.g. `exclusive_numbers:`.
    public static func nullNumberList(_ list: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "`\(list)` is empty (null); write `\(list): []` if the file lists no numbers")
    }

    /// An entry of a list that is not a mapping.
    public static func expectedEntryMapping(
        found node: YAMLNode, list: String, keyField: String, at location: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "each entry of `\(list)` must be a mapping with `\(keyField)`, found \(node.kindDescription)")
    }

    /// A key the format does not know.
    public static func unknownKey(_ key: String, in context: String, allowed: [String], at location: SourceLocation)
        -> Diagnostic
    {
        var message = "unknown key \(key.quotedForDisplay) in \(context)"
        if let suggestion = Suggestion.closest(to: key, among: allowed) {
            message += "; did you mean `\(suggestion)`?"
        } else {
            message += " (expected one of: \(allowed.map { "`\($0)`" }.joined(separator: ", ")))"
        }
        return Diagnostic(location: location, message: message)
    }

    // MARK: Values

    /// An entry without its key field (`number`), or with a null one.
    public static func missingNumber(keyField: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "entry has no `\(keyField)`")
    }

    /// A number breaking one of `FieldRules`: `` `number` "+1 " has leading or trailing whitespace ``.
    public static func invalidNumber(
        _ number: String, _ problem: FieldRules.NumberProblem, keyField: String, at location: SourceLocation
    ) -> Diagnostic {
        let subject = problem.subject(number)
        return Diagnostic(
            location: location, message: "`\(keyField)` \(subject.isEmpty ? "" : subject + " ")\(problem)")
    }

    /// Text over the limit its list declares.
    public static func textTooLong(_ field: String, length: Int, maximum: Int, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            location: location,
            message: "`\(field)` is \(length.formattedWithSeparators) characters long; PortSIP allows at most "
                + maximum.formattedWithSeparators)
    }

    /// A boolean written another way than `true` or `false`.
    public static func invalidBoolean(_ key: String, node: YAMLNode, at location: SourceLocation) -> Diagnostic {
        let text = node.text
        let message: String
        if node.isNull {
            message = "`\(key)` is empty; write `true` or `false`, or leave the key out to use the default"
        } else if node.style != .plain {
            message =
                "`\(key)` must be `true` or `false`, found the quoted string \(text.quotedForDisplay); remove the quotes"
        } else if ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased()) {
            let meant = ["yes", "on", "y"].contains(text.lowercased()) ? "true" : "false"
            message =
                "`\(key)` must be `true` or `false`, found `\(text)` (a YAML 1.1 boolean that other tools read differently); write `\(meant)`"
        } else if ["true", "false"].contains(text.lowercased()) {
            message = "`\(key)` must be written in lower case: `\(text.lowercased())`"
        } else {
            message = "`\(key)` must be `true` or `false`, found \(text.quotedForDisplay)"
        }
        return Diagnostic(location: location, message: message)
    }

    /// An `unmanaged` value that is not a policy.
    public static func invalidPolicy(_ text: String, key: String = "unmanaged", at location: SourceLocation)
        -> Diagnostic
    {
        let allowed = UnmanagedPolicy.allCases.map(\.rawValue)
        var message =
            "`\(key)` must be one of \(allowed.map { "`\($0)`" }.joined(separator: ", ")), found \(text.quotedForDisplay)"
        if let suggestion = Suggestion.closest(to: text, among: allowed) {
            message += "; did you mean `\(suggestion)`?"
        }
        return Diagnostic(location: location, message: message)
    }

    /// An entry without a field its list requires, e.g. `level`.
    public static func missingField(_ field: String, list: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "entry of `\(list)` has no `\(field)`, which PortSIP requires")
    }

    /// A word that is not one of a field's choices.
    public static func invalidChoice(_ field: String, _ text: String, allowed: [String], at location: SourceLocation)
        -> Diagnostic
    {
        var message =
            "`\(field)` must be one of \(allowed.map { "`\($0)`" }.joined(separator: ", ")), found \(text.quotedForDisplay)"
        if let match = allowed.first(where: { $0.lowercased() == text.lowercased() }) {
            message += "; write it in capitals: `\(match)`"
        } else if let suggestion = Suggestion.closest(to: text, among: allowed) {
            message += "; did you mean `\(suggestion)`?"
        }
        return Diagnostic(location: location, message: message)
    }

    /// An entry that has expired already.
    public static func expired(_ field: String, _ text: String, number: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            severity: .warning, location: location,
            message:
                "\(number.quotedForDisplay) expired already (`\(field)` \(text)); PortSIP may drop it, and then every "
                + "apply creates it again: remove the entry or move `\(field)`")
    }

    /// `queues:` left empty.
    public static func nullAgents(at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`queues` is empty (null); write `queues: {}` for no exclusive agents in any queue, or leave the key out "
                + "to leave the agents as they are")
    }

    /// A queue or agent that is not an extension number.
    public static func invalidExtension(_ text: String, what: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "\(what) \(text.quotedForDisplay) is not an extension number (3 to 64 digits)")
    }

    /// An agent listed twice in one queue.
    public static func duplicateAgent(
        _ agent: String, queue: String, at location: SourceLocation, first: SourceLocation
    )
        -> Diagnostic
    {
        Diagnostic(
            location: location,
            message: "agent \(agent.quotedForDisplay) is listed twice in queue \(queue.quotedForDisplay)",
            notes: [Note(location: first, message: "first listed here")])
    }

    /// A queue in `queues` that the PBX does not have.
    public static func unknownQueue(_ queue: String, number: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "\(number.quotedForDisplay) names call queue \(queue.quotedForDisplay), which the PBX does not have "
                + "(queues are named by their extension number)")
    }

    /// An exclusive agent that is not a member of its queue.
    public static func notAMember(_ agent: String, queue: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "agent \(agent.quotedForDisplay) is not a member of call queue \(queue.quotedForDisplay); exclusive "
                + "agents are chosen from the queue's members")
    }

    /// A call queue or ring group given no `members`, or `members:` left empty.
    public static func missingMembers(_ group: String, in list: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`\(list).\(group)` must give `members` (`members: []` removes every member); a group the files do not "
                + "name is left as it is")
    }

    /// A skill level that is not a whole number from 1 to 100.
    public static func invalidSkillLevel(_ text: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`skill_level` \(text.quotedForDisplay) must be a whole number from \(Member.skillLevels.lowerBound) to "
                + "\(Member.skillLevels.upperBound)")
    }

    /// A member listed twice in one group.
    public static func duplicateMember(
        _ member: String, group: String, in list: String, at location: SourceLocation, first: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "member \(member.quotedForDisplay) is listed twice in `\(list).\(group)`",
            notes: [Note(location: first, message: "first listed here")])
    }

    /// A call queue or ring group given members in two places.
    public static func duplicateGroup(
        _ group: String, in list: String, at location: SourceLocation, first: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            location: location,
            message: "`\(list).\(group)` is given members twice; give each group's members in one place",
            notes: [Note(location: first, message: "first given here")])
    }

    /// A call queue or ring group the PBX does not have.
    public static func unknownGroup(_ group: String, in list: PortSIPList, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            location: location,
            message:
                "the PBX has no \(list.recordName) \(group.quotedForDisplay) (\(list.recordName)s are named by their "
                + "extension number; numsync does not create them)")
    }

    /// An exclusive agent whose queue the files take the agent out of.
    public static func notAMemberAfterPlan(_ agent: String, queue: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "agent \(agent.quotedForDisplay) would not be a member of call queue \(queue.quotedForDisplay) once its "
                + "`call_queues` members are set; exclusive agents are chosen from the queue's members")
    }

    /// A policy file with no rule in it: it would check nothing, so it is refused.
    public static func policyWithoutRules(found node: YAMLNode, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "a policy file must be a mapping of lists to rules, with at least one rule (found "
                + "\(node.kindDescription)); a policy that checks nothing is refused")
    }

    /// A desired number that a policy's `number_pattern` does not match.
    public static func breaksPolicy(_ number: String, rule: Policy.Rule, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "\(rule.list.messageQualifier)\(number.quotedForDisplay) breaks the policy: it does not match "
                + "`\(rule.list.key).\(rule.kind.rawValue)` '\(rule.pattern)'",
            notes: [Note(location: rule.source, message: "the rule")])
    }

    /// A policy limit that is not a whole number.
    public static func invalidPolicyLimit(_ rule: String, _ text: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location, message: "`\(rule)` must be a whole number (0 or more), found \(text.quotedForDisplay)")
    }

    /// A policy pattern that is not a regular expression.
    public static func invalidPolicyPattern(_ rule: String, _ text: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(location: location, message: "`\(rule)` \(text.quotedForDisplay) is not a regular expression")
    }

    /// A queue that rings every agent at once, which ignores exclusive agents.
    public static func queueIgnoresExclusiveAgents(_ queue: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            severity: .warning, location: location,
            message:
                "call queue \(queue.quotedForDisplay) rings every agent at once (RING_SIMULTANEOUSLY), which ignores "
                + "exclusive agents; they take effect once the queue hunts")
    }

    /// A timestamp that is not an RFC 3339 date-time PortSIP takes; `problem` says why.
    public static func invalidTimestamp(_ field: String, _ text: String, problem: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            location: location,
            message:
                "`\(field)` must be an RFC 3339 date-time with a time zone, like 2027-06-30T23:59:59Z, found "
                + "\(text.quotedForDisplay): \(problem)")
    }

    /// A timestamp with digits finer than PortSIP keeps.
    public static func timestampFinerThanKept(_ field: String, _ text: String, at location: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            severity: .warning, location: location,
            message:
                "`\(field)` \(text.quotedForDisplay) is finer than the millisecond PortSIP keeps: it is sent and "
                + "compared to the millisecond")
    }

    // MARK: Across files

    /// The same number listed twice.
    public static func duplicateNumber(_ number: String, at location: SourceLocation, first: SourceLocation)
        -> Diagnostic
    {
        Diagnostic(
            location: location, message: "duplicate number \(number.quotedForDisplay)",
            notes: [Note(location: first, message: "first defined here")])
    }

    /// An `unmanaged` mapping names a list that no file lists.
    public static func policyForUnnamedList(_ list: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`unmanaged` sets a policy for `\(list)`, but no file lists `\(list)`; add `\(list): []` to manage it "
                + "with no entries, or remove the policy")
    }

    /// `unmanaged: disable` for a list whose records cannot be disabled.
    public static func cannotDisable(_ list: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`unmanaged: disable` cannot apply to `\(list)`: its records have no `enabled`; use `ignore` or "
                + "`delete` for it (e.g. `unmanaged: {\(list): ignore}`)")
    }

    /// A number that the files make a VIP and also blacklist.
    public static func vipAlsoBlacklisted(
        _ number: String, in list: String, at location: SourceLocation, vipAt vipLocation: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            severity: .warning, location: location,
            message:
                "\(number.quotedForDisplay) is in `\(list)` and also a VIP number; a blocked VIP is almost always a mistake",
            notes: [Note(location: vipLocation, message: "listed in `vip_numbers` here")])
    }

    /// Two files disagree on `defaults` or `unmanaged`.
    public static func conflictingSetting(
        _ key: String, value: String, at location: SourceLocation, first: String, at firstLocation: SourceLocation
    ) -> Diagnostic {
        Diagnostic(
            location: location,
            message:
                "`\(key)` is \(value) here but \(first) in another file; set it in one file only, or make them agree",
            notes: [Note(location: firstLocation, message: "first set here")])
    }
}

extension Int {
    /// The number with thousands separators: `1,204`.
    public var formattedWithSeparators: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return self < 0 ? "-" + out : out
    }
}
