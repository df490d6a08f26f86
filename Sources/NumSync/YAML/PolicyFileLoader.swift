import NumSyncCore

/// Reads a policy file (`--policy`), with every problem located.
public enum PolicyFileLoader {
    /// The policy, or nil and the problems: a policy that cannot be read entirely is not used.
    public static func load(_ path: String) -> (policy: Policy?, diagnostics: [Diagnostic]) {
        let bytes: [UInt8]
        switch DesiredStateLoader.readFile(path) {
        case .success(let read): bytes = read
        case .failure(let failure): return (nil, [.unreadable(path, reason: failure.description)])
        }
        let (document, readDiagnostics) = YAMLReader.read(bytes, file: path)
        guard let document, !readDiagnostics.contains(where: { $0.severity == .error }) else {
            return (nil, readDiagnostics.isEmpty ? [.emptyFile(path, list: "rules")] : readDiagnostics)
        }
        let (policy, diagnostics) = PolicyFileDecoder.decode(document)
        let all = (readDiagnostics + diagnostics).sorted()
        return (all.contains { $0.severity == .error } ? nil : policy, all)
    }
}
