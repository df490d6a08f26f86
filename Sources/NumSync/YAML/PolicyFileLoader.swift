import NumSyncCore

/// Reads a policy file (`--policy`), with every problem located.
public enum PolicyFileLoader {
    /// The policy, or nil and the problems: a policy that cannot be read entirely is not used.
    public static func load(_ path: String) -> (policy: Policy?, diagnostics: [Diagnostic]) {
        let (document, readDiagnostics) = YAMLReader.read(fileAt: path, empty: .emptyFile(path, list: "rules"))
        guard let document else { return (nil, readDiagnostics) }
        let (policy, diagnostics) = PolicyFileDecoder.decode(document)
        let all = (readDiagnostics + diagnostics).sorted()
        return (all.contains { $0.severity == .error } ? nil : policy, all)
    }
}
