import FileWriting
import Foundation
import Testing

/// Runs a built executable as a subprocess and captures what it printed.
///
/// Waiting happens on dedicated threads, never on Swift concurrency's cooperative pool: an
/// in-process simulator needs that pool to answer the subprocess.
public struct CommandRun: Sendable {
    /// The exit status (128 + signal when killed by one).
    public var status: Int32
    /// Standard output.
    public var output: String
    /// Standard error.
    public var error: String

    /// Runs `executable` with `arguments` and `environment` (added to a minimal one), feeding
    /// `input` on standard input (which is then not a terminal).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String = "",
        directory: String? = nil
    ) async throws -> CommandRun {
        let process = try start(executable, arguments, environment: environment, directory: directory)
        FileDescriptorStream.write(Array(input.utf8), to: process.stdinPipe.fileHandleForWriting.fileDescriptor)
        try process.stdinPipe.fileHandleForWriting.close()
        return await process.wait()
    }

    /// A started subprocess.
    public final class Running: @unchecked Sendable {
        let process: Process
        let stdinPipe = Pipe()
        private let output = Pipe()
        private let error = Pipe()
        private var outputData = Data()
        private var errorData = Data()
        private let lock = NSLock()
        private let finished = DispatchSemaphore(value: 0)

        init(process: Process) {
            self.process = process
            process.standardInput = stdinPipe
            process.standardOutput = output
            process.standardError = error
        }

        /// Starts reading both pipes on their own threads, as the process writes, so that a test
        /// can watch a long-running process; the semaphore is signalled once for each.
        func startReading() {
            drain(output.fileHandleForReading) { chunk in self.lock.withLock { self.outputData.append(chunk) } }
            drain(error.fileHandleForReading) { chunk in self.lock.withLock { self.errorData.append(chunk) } }
        }

        private func drain(_ handle: FileHandle, into append: @escaping @Sendable (Data) -> Void) {
            Thread.detachNewThread {
                while true {
                    let chunk = FileDescriptorStream.next(from: handle.fileDescriptor)
                    if chunk.isEmpty { break }
                    append(Data(chunk))
                }
                self.finished.signal()
            }
        }

        /// What the process printed on standard output so far.
        public var currentOutput: String { lock.withLock { String(decoding: outputData, as: UTF8.self) } }

        /// What the process printed on standard error so far.
        public var currentError: String { lock.withLock { String(decoding: errorData, as: UTF8.self) } }

        /// The process id.
        public var pid: Int32 { process.processIdentifier }

        /// Sends a signal.
        public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the exit (on another thread) and returns what it printed. What numsync
        /// printed is checked for a library's internals (BoringSSL's error text, a path of the
        /// machine it was built on): no message may show them.
        public func wait() async -> CommandRun {
            let run = await exited()
            if process.executableURL?.lastPathComponent == "numsync" {
                for text in [run.output, run.error] {
                    for leak in ["/.build/", "BoringSSL", "NIOSSL"] where text.contains(leak) {
                        Issue.record("numsync printed \(leak) (a library's internals):\n\(text)")
                    }
                }
            }
            return run
        }

        private func exited() async -> CommandRun {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    self.process.waitUntilExit()
                    self.finished.wait()
                    self.finished.wait()
                    self.lock.lock()
                    defer { self.lock.unlock() }
                    let status =
                        self.process.terminationReason == .uncaughtSignal
                        ? 128 + self.process.terminationStatus : self.process.terminationStatus
                    continuation.resume(
                        returning: CommandRun(
                            status: status, output: String(decoding: self.outputData, as: UTF8.self),
                            error: String(decoding: self.errorData, as: UTF8.self)))
                }
            }
        }
    }

    /// Starts `executable` without waiting for it.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var base = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        for (key, value) in environment { base[key] = value }
        process.environment = base
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let running = Running(process: process)
        // Foundation's Process.run is not safe to call from several threads at once on Linux (it
        // crashed in its own memcpy under the full suite): launches take turns.
        launching.lock()
        defer { launching.unlock() }
        try process.run()
        running.startReading()
        return running
    }

    /// Serialises `Process.run`.
    private static let launching = NSLock()
}
