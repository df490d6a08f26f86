import ArgumentParser
import FileWriting

extension AtomicFile {
    /// Checks, before any request, that `path` (given to `option`) can be written when the run
    /// ends; otherwise says why and exits 1, nothing sent. Found out now, not after reading or
    /// changing the whole server.
    static func requireWritable(_ path: String, for option: String) throws {
        do {
            try checkWritable(path, overwrite: true)
        } catch {
            Terminal.error("\(option): \(error.description); nothing was sent")
            throw ExitCode(ExitStatus.error)
        }
    }
}
