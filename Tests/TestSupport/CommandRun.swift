import FileWriting
import Foundation
import Testing

/// Runs a built executable as a subprocess and captures what it printed.
///
/// Children are started with `posix_spawn`, not Foundation's `Process`: on Linux, `Process.run`
/// lists `/proc/self/fd` to close what the child should not inherit, and with the 1,300-odd
/// descriptors the full suite holds at its peak (simulators, connections, pipes) it read past a
/// buffer and crashed the run (`__memcpy_avx512_unaligned_erms` in `Process.run`), in CI and
/// under load. Every pipe here is close-on-exec, so a child inherits only its own three.
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
        process.finishInput(input)
        return await process.wait()
    }

    /// A started subprocess.
    public final class Running: @unchecked Sendable {
        /// The process id.
        public let pid: Int32
        private let executable: String
        private let lock = NSLock()
        private var outputData = Data()
        private var errorData = Data()
        /// The write end of the child's standard input, until it is closed.
        private var input: Int32?
        /// Signalled once by each pipe's reader at its end.
        private let drained = DispatchSemaphore(value: 0)

        fileprivate init(pid: Int32, executable: String, input: Int32, output: Int32, error: Int32) {
            self.pid = pid
            self.executable = executable
            self.input = input
            drain(output) { chunk in self.lock.withLock { self.outputData.append(contentsOf: chunk) } }
            drain(error) { chunk in self.lock.withLock { self.errorData.append(contentsOf: chunk) } }
        }

        deinit {
            if let input { close(input) }
        }

        /// Reads `descriptor` on its own thread as the process writes, so that a test can watch
        /// a long-running process, and closes it at the end.
        private func drain(_ descriptor: Int32, into append: @escaping @Sendable ([UInt8]) -> Void) {
            Thread.detachNewThread {
                while true {
                    let chunk = FileDescriptorStream.next(from: descriptor)
                    if chunk.isEmpty { break }
                    append(chunk)
                }
                close(descriptor)
                self.drained.signal()
            }
        }

        /// Writes `text` to standard input and closes it.
        fileprivate func finishInput(_ text: String) {
            lock.withLock {
                guard let input else { return }
                FileDescriptorStream.write(Array(text.utf8), to: input)
                close(input)
                self.input = nil
            }
        }

        /// What the process printed on standard output so far.
        public var currentOutput: String { lock.withLock { String(decoding: outputData, as: UTF8.self) } }

        /// What the process printed on standard error so far.
        public var currentError: String { lock.withLock { String(decoding: errorData, as: UTF8.self) } }

        /// Sends a signal.
        public func signal(_ signal: Int32) { kill(pid, signal) }

        /// Waits for the exit (on another thread) and returns what it printed. What numsync
        /// printed is checked for a library's internals (BoringSSL's error text, a path of the
        /// machine it was built on): no message may show them.
        public func wait() async -> CommandRun {
            let run = await exited()
            if (executable as NSString).lastPathComponent == "numsync" {
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
                    var status: Int32 = 0
                    while waitpid(self.pid, &status, 0) < 0, errno == EINTR {}
                    self.drained.wait()
                    self.drained.wait()
                    // The low seven bits are the signal that ended the process, or 0 for an exit.
                    let signal = status & 0x7f
                    let code = signal == 0 ? (status >> 8) & 0xff : 128 + signal
                    continuation.resume(
                        returning: CommandRun(status: code, output: self.currentOutput, error: self.currentError))
                }
            }
        }
    }

    /// A child that could not be started.
    public struct LaunchError: Error, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// Starts `executable` without waiting for it, in a process group of its own, with default
    /// signal handling and nothing blocked (as from a shell), whatever the calling thread blocks.
    public static func start(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], directory: String? = nil
    ) throws -> Running {
        var base = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        for (key, value) in environment { base[key] = value }
        launching.lock()
        defer { launching.unlock() }
        let input = try pipe()
        let output = try pipe()
        let error = try pipe()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)
        if let directory {
            guard let changeDirectory = GlibcExtension.addChangeDirectory,
                changeDirectory(&actions, directory) == 0
            else {
                for descriptor in [input, output, error].flatMap({ [$0.read, $0.write] }) { close(descriptor) }
                throw LaunchError(description: "cannot start \(executable) in \(directory)")
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var nothing = sigset_t()
        sigemptyset(&nothing)
        posix_spawnattr_setsigmask(&attributes, &nothing)
        var every = sigset_t()
        sigfillset(&every)
        sigdelset(&every, SIGKILL)
        sigdelset(&every, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &every)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = base.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        for descriptor in [input.read, output.write, error.write] { close(descriptor) }
        guard result == 0 else {
            for descriptor in [input.write, output.read, error.read] { close(descriptor) }
            throw LaunchError(description: "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        return Running(pid: pid, executable: executable, input: input.write, output: output.read, error: error.read)
    }

    /// A pipe whose ends are closed on exec: no other child inherits them. (Glibc's `pipe2`,
    /// which does this at once, is not visible from Swift; launches take turns instead, so no
    /// child starts between the two steps.)
    private static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else {
            throw LaunchError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Serialises making pipes and starting children.
    private static let launching = NSLock()

    /// The GNU extensions of glibc's `posix_spawn` that Swift's Glibc module does not show.
    private enum GlibcExtension {
        typealias AddChangeDirectory =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

        /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29).
        static let addChangeDirectory: AddChangeDirectory? = dlsym(nil, "posix_spawn_file_actions_addchdir_np").map {
            unsafeBitCast($0, to: AddChangeDirectory.self)
        }
    }
}
