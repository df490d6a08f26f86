import Crypto
import FileWriting
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

        /// Adds a warning for each entry that expired before `now` (RFC 3339), in order.
        public mutating func warnAboutExpiredEntries(asOf now: String) {
            guard succeeded else { return }
            let expired = state.expiredEntries(asOf: now)
            if !expired.isEmpty { diagnostics = (diagnostics + expired).sorted() }
        }
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
            FileDescriptorStream.readToEnd(from: STDIN_FILENO)
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
        var visited = Set<FileIdentity>()
        for path in paths {
            if path == "-" {
                sources.append(("-", readStandardInput()))
                continue
            }
            guard let identity = FileIdentity(path: path) else {
                diagnostics.append(.unreadable(path, reason: "no such file or directory"))
                continue
            }
            // A path that leads where an earlier one did (named twice, or through a link) adds
            // nothing: its files are read once.
            guard !visited.contains(identity) else { continue }
            let files: [String]
            if identity.isDirectory {
                files = yamlFiles(in: path, visited: &visited)
                if files.isEmpty { diagnostics.append(.noYAMLFiles(in: path)) }
            } else {
                visited.insert(identity)
                files = [path]
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
            digest?.update(data: Array(source.name.utf8))
            digest?.update(data: [0])
            digest?.update(data: source.bytes)
            digest?.update(data: [0])
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
            digest: digest.map { $0.finalize().hexString },
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
    ///
    /// Each directory is entered once, however many paths (symbolic links included) lead to it,
    /// so a link back to a parent neither repeats files nor loops; the same goes for each file.
    func yamlFiles(in directory: String, visited: inout Set<FileIdentity>) -> [String] {
        let manager = FileManager.default
        var result: [String] = []
        guard let identity = FileIdentity(path: directory), visited.insert(identity).inserted else { return [] }
        var queue = [directory]
        while let current = queue.popLast() {
            guard let names = try? manager.contentsOfDirectory(atPath: current) else { continue }
            for name in names where !name.hasPrefix(".") {
                let path = current.hasSuffix("/") ? current + name : current + "/" + name
                guard let identity = FileIdentity(path: path) else { continue }
                if identity.isDirectory {
                    if recursive, visited.insert(identity).inserted { queue.append(path) }
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml"), visited.insert(identity).inserted {
                    result.append(path)
                }
            }
        }
        return result.sorted()
    }
}

/// A file or directory as the system knows it, whatever path leads to it: device and inode.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
    var isDirectory: Bool

    /// The identity of what `path` leads to, following symbolic links; nil when nothing is there.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
    }
}

extension SHA256.Digest {
    /// The digest in lower-case hexadecimal.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in self {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
