#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that readers see the old content or the new, never half of one, and so that
/// nobody else can choose where the bytes go.
///
/// The text goes to a new file with a random name beside the target, created exclusively and
/// without following links (a planted symbolic link cannot redirect it), is flushed to disk,
/// and then takes the target's name; the directory is flushed too, so the rename survives a
/// crash.
public enum AtomicFile {
    /// A write that failed, with the path.
    public struct WriteError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String

        /// Creates an error.
        public init(description: String) {
            self.description = description
        }

        static func cannotWrite(_ path: String, _ code: Int32) -> WriteError {
            WriteError(description: "cannot write \(path): \(String(cString: strerror(code)))")
        }

        static func exists(_ path: String) -> WriteError {
            WriteError(description: "\(path) already exists; pass --force to overwrite it")
        }

        static func isDirectory(_ path: String) -> WriteError {
            WriteError(description: "cannot write \(path): it is a directory")
        }
    }

    /// Writes `text` to `path` atomically. Refuses to replace an existing file unless
    /// `overwrite` is true; the refusal cannot race with another writer.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws(WriteError) {
        try write(Array(text.utf8), to: path, overwrite: overwrite)
    }

    /// Writes `bytes` to `path` atomically (see `write(_:to:overwrite:)`).
    public static func write(_ bytes: [UInt8], to path: String, overwrite: Bool) throws(WriteError) {
        try refuseDirectory(path)
        if !overwrite, exists(path) { throw .exists(path) }
        let (descriptor, temporary) = try createTemporary(beside: path)
        if let code = FileDescriptorStream.write(bytes, to: descriptor) {
            close(descriptor)
            unlink(temporary)
            throw .cannotWrite(path, code)
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw .cannotWrite(path, code)
        }
        close(descriptor)
        if overwrite {
            if rename(temporary, path) != 0 {
                let code = errno
                unlink(temporary)
                throw .cannotWrite(path, code)
            }
        } else {
            // A hard link fails if the name is taken, whoever took it in the meantime.
            if link(temporary, path) != 0 {
                let code = errno
                unlink(temporary)
                throw code == EEXIST ? .exists(path) : .cannotWrite(path, code)
            }
            unlink(temporary)
        }
        syncDirectory(of: path)
    }

    /// Checks now that `path` can be written later: its directory takes a new file, and it is not
    /// a directory (nor, without `overwrite`, an existing file). Leaves nothing behind.
    public static func checkWritable(_ path: String, overwrite: Bool) throws(WriteError) {
        try refuseDirectory(path)
        if !overwrite, exists(path) { throw .exists(path) }
        let (descriptor, temporary) = try createTemporary(beside: path)
        close(descriptor)
        unlink(temporary)
    }

    /// `directory/.name.tmp-<random>`, created exclusively, never through a link.
    private static func createTemporary(beside path: String) throws(WriteError) -> (Int32, String) {
        let (directory, name) = split(path)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let suffix = String(generator.next() as UInt64, radix: 36)
            let temporary = (directory.map { $0 + "/" } ?? "") + ".\(name).tmp-\(suffix)"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (descriptor, temporary) }
            if errno != EEXIST { throw .cannotWrite(path, errno) }
        }
        throw .cannotWrite(path, EEXIST)
    }

    private static func refuseDirectory(_ path: String) throws(WriteError) {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR { throw .isDirectory(path) }
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Flushes the directory entry of `path`, so that a rename survives a crash.
    private static func syncDirectory(of path: String) {
        let directory = split(path).directory ?? "."
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The directory part (nil for a bare name) and the last component.
    private static func split(_ path: String) -> (directory: String?, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (nil, path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }
}
