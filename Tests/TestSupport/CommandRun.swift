import Foundation

/// Runs a built executable as a subprocess and captures what it printed.
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
    ) throws -> CommandRun {
        let process = try start(executable, arguments, environment: environment, directory: directory)
        process.stdinPipe.fileHandleForWriting.write(Data(input.utf8))
        try process.stdinPipe.fileHandleForWriting.close()
        return process.wait()
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
        private let group = DispatchGroup()

        init(process: Process) {
            self.process = process
            process.standardInput = stdinPipe
            process.standardOutput = output
            process.standardError = error
            for (pipe, keyPath) in [(output, \Running.outputData), (error, \Running.errorData)] {
                group.enter()
                let handle = pipe.fileHandleForReading
                DispatchQueue.global().async {
                    let data = handle.readDataToEndOfFile()
                    self.lock.lock()
                    self[keyPath: keyPath] = data
                    self.lock.unlock()
                    self.group.leave()
                }
            }
        }

        /// The process id.
        public var pid: Int32 { process.processIdentifier }

        /// Sends a signal.
        public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits for the exit and returns what it printed.
        public func wait() -> CommandRun {
            process.waitUntilExit()
            group.wait()
            lock.lock()
            defer { lock.unlock() }
            let status =
                process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
            return CommandRun(
                status: status, output: String(decoding: outputData, as: UTF8.self),
                error: String(decoding: errorData, as: UTF8.self))
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
        try process.run()
        return running
    }
}
