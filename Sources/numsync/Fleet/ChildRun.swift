import FileWriting
import Foundation
import Synchronization

/// The children running now, to pass Ctrl-C on to: Foundation starts each in its own process
/// group, so the terminal's signal reaches only this process.
private let runningChildren = Mutex<Set<Int32>>([])

/// One run of numsync itself for one target, with what it printed.
///
/// Waiting and reading happen on dedicated threads, never on Swift concurrency's cooperative
/// pool, so that a few slow children cannot starve the rest of the process.
struct ChildRun: Sendable {
    /// The exit status (128 + signal when killed by one).
    var status: Int32
    /// Standard output.
    var output: String
    /// Standard error.
    var error: String
    /// Whether it ran past its deadline and was stopped.
    var timedOut = false

    /// How long a run stopped for its deadline gets to end by itself (SIGTERM: an apply lets its
    /// requests in flight finish) before it is killed.
    static let stopGrace = DispatchTimeInterval.seconds(10)

    /// This executable, to run again for each target.
    static var executable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// Sends `signal` to every child running now.
    static func signalAll(_ signal: Int32) {
        for pid in runningChildren.withLock({ $0 }) { kill(pid, signal) }
    }

    /// Runs numsync with `arguments` and exactly `environment`, standard input empty; past
    /// `deadline` it is stopped (SIGTERM, then SIGKILL after `stopGrace`).
    static func run(_ arguments: [String], environment: [String: String], deadline: Duration? = nil) async
        -> ChildRun
    {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: runBlocking(arguments, environment: environment, deadline: deadline))
            }
        }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], deadline: Duration?)
        -> ChildRun
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return ChildRun(status: 1, output: "", error: "error: could not start \(executable): \(error)\n")
        }
        let pid = process.processIdentifier
        runningChildren.withLock { _ = $0.insert(pid) }
        defer { runningChildren.withLock { _ = $0.remove(pid) } }
        let stopper = Stopper(pid: pid)
        if let deadline {
            let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                stopper.stop(SIGTERM)
                DispatchQueue.global().asyncAfter(deadline: .now() + stopGrace) { stopper.stop(SIGKILL) }
            }
        }
        // Both pipes are drained at once: a child that fills one while we read the other would
        // never finish.
        let errorText = Collected()
        Thread.detachNewThread {
            errorText.finish(FileDescriptorStream.readToEnd(from: error.fileHandleForReading.fileDescriptor))
        }
        let outputData = FileDescriptorStream.readToEnd(from: output.fileHandleForReading.fileDescriptor)
        process.waitUntilExit()
        stopper.ended()
        let errorData = errorText.wait()
        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ChildRun(
            status: status, output: String(decoding: outputData, as: UTF8.self),
            error: String(decoding: errorData, as: UTF8.self), timedOut: stopper.stopped)
    }
}

/// Stops a run past its deadline, and only while it runs: once it has ended, its pid may be
/// anyone's.
private final class Stopper: Sendable {
    private let pid: Int32
    /// Whether the run has ended, and whether it was stopped.
    private let state = Mutex((ended: false, stopped: false))

    init(pid: Int32) {
        self.pid = pid
    }

    /// Sends `signal` unless the run has ended.
    func stop(_ signal: Int32) {
        state.withLock { state in
            guard !state.ended else { return }
            state.stopped = true
            kill(pid, signal)
        }
    }

    /// The run has ended: no signal from now on.
    func ended() {
        state.withLock { $0.ended = true }
    }

    /// Whether it was stopped.
    var stopped: Bool { state.withLock { $0.stopped } }
}

/// Bytes one thread reads and another waits for.
private final class Collected: @unchecked Sendable {
    private var data: [UInt8] = []
    private let done = DispatchSemaphore(value: 0)

    func finish(_ data: [UInt8]) {
        self.data = data
        done.signal()
    }

    func wait() -> [UInt8] {
        done.wait()
        return data
    }
}
