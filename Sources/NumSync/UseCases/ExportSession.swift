import NumSyncCore

/// One `numsync export` from one PBX: read the lists asked for (each listing proved complete), the
/// exclusive agents of the numbers and the members of the call queues and ring groups asked for, then write them as desired-state YAML that plans with no
/// changes. The command prints and writes the files.
public struct ExportSession: Sendable {
    /// What was read from the PBX.
    public struct Observed: Sendable {
        /// Every record of each list read, by list key.
        public var records: [String: [ObservedRecord]]
        /// The exclusive agents of the numbers read; nil when the PBX has no call queues.
        public var agents: ExportedAgents?
        /// The members of every call queue or ring group of the lists `--only` names; nil when it
        /// names none.
        public var members: ExportedMembers?
        /// The server, as configured.
        public var server: String
    }

    /// The lists `--only` names; nil for every list.
    public var only: [PortSIPList]?
    /// `--split-by-prefix`: one file per prefix of this many digits.
    public var splitByPrefix: Int?
    /// The `unmanaged` and `defaults` of the file an export with `--force` replaces.
    public var kept: DesiredStateExport.KeptSettings?

    /// Creates a session.
    public init(only: [PortSIPList]?, splitByPrefix: Int?, kept: DesiredStateExport.KeptSettings?) {
        self.only = only
        self.splitByPrefix = splitByPrefix
        self.kept = kept
    }

    /// The lists read: those `--only` names, or every list.
    public var read: [PortSIPList] { only ?? PortSIPList.all }

    /// Reads the lists, each listing proved complete, and the relations of their records.
    public func observe(using client: PortSIPClient) async throws -> Observed {
        let reconciler = Reconciler(client: client)
        var records: [String: [ObservedRecord]] = [:]
        var members: ExportedMembers?
        for list in read {
            let listed = try await reconciler.completeListing(of: list)
            guard list.isReadOnly else {
                records[list.key] = listed
                continue
            }
            let held = try await reconciler.members(of: listed, in: list)
            members = members ?? ExportedMembers(byList: [:])
            members?.byList[list.key] = held
        }
        var agents: ExportedAgents?
        if let numbers = records[Relation.exclusiveAgents.ownerKey] {
            agents = try await reconciler.exportedAgents(of: numbers)
        }
        return Observed(
            records: records, agents: agents, members: members, server: client.settings.server.description)
    }

    /// The YAML files. Without `--only`, the primary list always (as ever) and the other lists
    /// that hold records; with it, just the lists named, even empty, and the members of every
    /// call queue or ring group when it names those lists.
    public func export(_ observed: Observed, generatedAt: String) throws -> DesiredStateExport.Result {
        let written =
            only?.filter { !$0.isReadOnly }
            ?? read.filter { $0.isPrimary || !(observed.records[$0.key] ?? []).isEmpty }
        return try DesiredStateExport.export(
            observed.records, lists: written, server: observed.server, generatedAt: generatedAt,
            splitByPrefix: splitByPrefix, agents: observed.agents, members: observed.members, keeping: kept)
    }
}
