import NumSyncCore

/// Reads a targets file, with every problem located, and resolves the paths it names against
/// the file's own directory.
public enum TargetsFileLoader {
    /// The file's targets (paths resolved), or nil and the problems.
    public static func load(_ path: String) -> (file: TargetsFile?, diagnostics: [Diagnostic]) {
        let (document, readDiagnostics) = YAMLReader.read(fileAt: path, empty: .emptyFile(path, list: "targets"))
        guard let document else { return (nil, readDiagnostics) }
        var (file, diagnostics) = TargetsFileDecoder.decode(document)
        diagnostics = (readDiagnostics + diagnostics).sorted()
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return (nil, diagnostics) }
        let directory = Self.directory(of: path)
        for index in file.targets.indices {
            file.targets[index].files = file.targets[index].files.map { Self.resolve($0, in: directory) }
            file.targets[index].caCertificate = file.targets[index].caCertificate.map {
                Self.resolve($0, in: directory)
            }
            file.targets[index].policy = file.targets[index].policy.map { Self.resolve($0, in: directory) }
        }
        return (file, diagnostics)
    }

    /// The directory part of `path` ("." for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` as written when absolute, else relative to `directory`; a relative path always
    /// starts with a directory (`./x` for a bare name), so that no command line reads it as an
    /// option.
    static func resolve(_ path: String, in directory: String) -> String {
        if path.hasPrefix("/") { return path }
        if directory == "." { return path.hasPrefix("./") || path.hasPrefix("../") ? path : "./" + path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}
