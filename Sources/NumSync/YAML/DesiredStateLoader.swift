import Foundation
import NumSyncCore

/// Loads desired state from files, directories or standard input, collecting every problem in
/// every file before reporting.
public struct DesiredStateLoader: Sendable {
    /// What a successful or failed load produced.
    public struct Result: Sendable {
        /// The combined state; meaningful only when `diagnostics` has no errors.
        public var state: DesiredState
        /// The files read, in the order they were combined.
        public var files: [String]
        /// SHA-256 over every file's name and bytes, in order: identifies the desired state in
        /// saved plans. Computed only when the loader is asked to.
        public var digest: String?
        /// Every problem found, sorted by location.
        public var diagnostics: [Diagnostic]

        /// Whether loading found no errors.
        public var succeeded: Bool { !diagnostics.containsErrors }
    }

    /// Whether directories are searched recursively.
    public var recursive: Bool
    /// Whether to compute the digest of the files (for saved and JSON plans).
    public var computesDigest: Bool
    /// Reads standard input when a path is `-`.
    public var readStandardInput: @Sendable () -> [UInt8]

    /// Creates a loader.
    public init(
        recursive: Bool = false,
        computesDigest: Bool = false,
        readStandardInput: @escaping @Sendable () -> [UInt8] = {
            [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
    ) {
        self.recursive = recursive
        self.computesDigest = computesDigest
        self.readStandardInput = readStandardInput
    }

    /// Loads `paths`: files, directories of `*.yaml`/`*.yml` (sorted), or `-` for standard input.
    public func load(_ paths: [String]) -> Result {
        var diagnostics: [Diagnostic] = []
        var sources: [(name: String, bytes: [UInt8])] = []
        for path in paths {
            if path == "-" {
                sources.append(("-", readStandardInput()))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(.unreadable(path, reason: "no such file or directory"))
                continue
            }
            let files = isDirectory.boolValue ? yamlFiles(in: path) : [path]
            if isDirectory.boolValue, files.isEmpty {
                diagnostics.append(.noYAMLFiles(in: path))
            }
            for file in files {
                switch Self.readFile(file) {
                case .success(let bytes): sources.append((file, bytes))
                case .failure(let reason): diagnostics.append(.unreadable(file, reason: reason.description))
                }
            }
        }
        return Self.load(sources: sources, priorDiagnostics: diagnostics, computesDigest: computesDigest)
    }

    /// Loads in-memory sources (name and bytes), as if they were files.
    public static func load(
        sources: [(name: String, bytes: [UInt8])], priorDiagnostics: [Diagnostic] = [], computesDigest: Bool = false
    ) -> Result {
        var diagnostics = priorDiagnostics
        var decoded: [DesiredFile] = []
        var digest = computesDigest ? SHA256() : nil
        for source in sources {
            digest?.update(Array(source.name.utf8))
            digest?.update([0])
            digest?.update(source.bytes)
            digest?.update([0])
            let (document, readDiagnostics) = YAMLReader.read(source.bytes, file: source.name)
            diagnostics += readDiagnostics
            guard let document else { continue }
            let (file, decodeDiagnostics) = DesiredFileDecoder.decode(document)
            diagnostics += decodeDiagnostics
            decoded.append(file)
        }
        let (state, combineDiagnostics) = DesiredState.combining(decoded)
        diagnostics += combineDiagnostics
        var combined = state
        combined.fileCount = sources.count
        return Result(
            state: combined, files: sources.map(\.name),
            digest: digest.map { digest in
                var copy = digest
                return copy.finalize().hexString
            },
            diagnostics: diagnostics.sorted())
    }

    /// Why a file could not be read.
    struct ReadFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The whole file, read straight into an array.
    static func readFile(_ path: String) -> Swift.Result<[UInt8], ReadFailure> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(ReadFailure(description: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            return .failure(ReadFailure(description: "not a regular file"))
        }
        var failure: ReadFailure?
        // Read straight into the array's storage: no zero-filling first, no copy after.
        let bytes = [UInt8](unsafeUninitializedCapacity: Int(info.st_size)) { buffer, initialized in
            var total = 0
            while total < buffer.count {
                let count = read(descriptor, buffer.baseAddress! + total, buffer.count - total)
                if count < 0 {
                    failure = ReadFailure(description: String(cString: strerror(errno)))
                    break
                }
                if count == 0 { break }
                total += count
            }
            initialized = total
        }
        if let failure { return .failure(failure) }
        return .success(bytes)
    }

    /// The `*.yaml` and `*.yml` files of a directory, sorted, searched recursively if asked.
    func yamlFiles(in directory: String) -> [String] {
        let manager = FileManager.default
        var result: [String] = []
        var queue = [directory]
        while let current = queue.popLast() {
            guard let names = try? manager.contentsOfDirectory(atPath: current) else { continue }
            for name in names where !name.hasPrefix(".") {
                let path = current.hasSuffix("/") ? current + name : current + "/" + name
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if recursive { queue.append(path) }
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    result.append(path)
                }
            }
        }
        return result.sorted()
    }
}
