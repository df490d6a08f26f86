/// Rules every plan must keep whatever the desired-state files say, read from a policy file kept
/// apart from them (`--policy`), so that a repository can protect it. `--force` does not lift a
/// policy; only the policy file does.
public struct Policy: Sendable, Hashable {
    /// What a rule limits.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// At most this many creates in the list.
        case maxCreates = "max_creates"
        /// At most this many updates.
        case maxUpdates = "max_updates"
        /// At most this many disables.
        case maxDisables = "max_disables"
        /// At most this many deletes.
        case maxDeletes = "max_deletes"
        /// At most this many changes of any kind, relation changes included.
        case maxChanges = "max_changes"
        /// Every number the files want in the list must match this regular expression.
        case numberPattern = "number_pattern"
        /// At most this many members removed from any one call queue or ring group.
        case maxMemberRemovals = "max_member_removals"

        /// The rules a list may have: limits on its changes and its numbers for a list numsync
        /// manages; limits on member changes for call queues and ring groups.
        public static func allowed(in list: PortSIPList) -> [Kind] {
            list.isReadOnly
                ? [.maxChanges, .maxMemberRemovals]
                : [.maxCreates, .maxUpdates, .maxDisables, .maxDeletes, .maxChanges, .numberPattern]
        }

        /// What the rule means, for editors (the JSON Schema) and documentation.
        public var summary: String {
            switch self {
            case .maxCreates: "At most this many records created in one plan."
            case .maxUpdates: "At most this many records updated in one plan."
            case .maxDisables: "At most this many unmanaged records disabled in one plan."
            case .maxDeletes: "At most this many records deleted in one plan (0: never delete)."
            case .maxChanges: "At most this many changes of any kind in one plan, relation changes included."
            case .numberPattern:
                "A regular expression every number the files want in this list must match (e.g. '^\\+49')."
            case .maxMemberRemovals: "At most this many members removed from any one group in one plan."
            }
        }

        /// Whether its value is a whole number (otherwise a regular expression).
        public var isLimit: Bool { self != .numberPattern }
    }

    /// One rule, where it is written.
    public struct Rule: Sendable, Hashable {
        /// The list it is about.
        public var list: PortSIPList
        /// What it limits.
        public var kind: Kind
        /// The limit, for a limit.
        public var limit: Int
        /// The regular expression, for `number_pattern`.
        public var pattern: String
        /// Where it is written.
        public var source: SourceLocation

        /// Creates a rule.
        public init(
            list: PortSIPList, kind: Kind, limit: Int = 0, pattern: String = "", source: SourceLocation
        ) {
            self.list = list
            self.kind = kind
            self.limit = limit
            self.pattern = pattern
            self.source = source
        }

        /// `exclusive_numbers.max_deletes: 0`, as the file writes it.
        public var written: String {
            "\(list.key).\(kind.rawValue): " + (kind.isLimit ? "\(limit)" : "'\(pattern)'")
        }
    }

    /// The policy file, as the user named it.
    public var file: String
    /// The rules, in file order.
    public var rules: [Rule]

    /// Creates a policy.
    public init(file: String, rules: [Rule]) {
        self.file = file
        self.rules = rules
    }

    /// The lists a policy file may name: every list numsync manages, then call queues and ring groups.
    public static var lists: [PortSIPList] { PortSIPList.all + PortSIPList.readOnly }
}
