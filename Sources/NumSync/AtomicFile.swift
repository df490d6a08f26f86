import Foundation

/// Writes files so that readers see the old content or the new, never half of one.
public enum AtomicFile {
    /// A write that failed, with the path.
    public struct WriteError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String

        /// Creates an error.
        public init(description: String) {
            self.description = description
        }
    }

    /// Writes `text` to `path` through a temporary file in the same directory and a rename.
    /// Refuses to replace an existing file unless `overwrite` is true.
    public static func write(_ text: String, to path: String, overwrite: Bool) throws(WriteError) {
        if !overwrite, FileManager.default.fileExists(atPath: path) {
            throw WriteError(description: "\(path) already exists; pass --force to overwrite it")
        }
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary =
            (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw WriteError(description: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                let message = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw WriteError(description: "cannot write \(path): \(message)")
            }
            written += result
        }
        bytes = []
        fsync(descriptor)
        close(descriptor)
        if rename(temporary, path) != 0 {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw WriteError(description: "cannot write \(path): \(message)")
        }
    }
}
