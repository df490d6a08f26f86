import FileWriting
import Foundation
import Synchronization
import Testing

/// How many times the test's signal handler ran.
private let interruptions = Atomic<Int>(0)

@Suite("Reading and writing pipes")
struct FileDescriptorStreamTests {
    /// A thread blocked reading a pipe to its end.
    final class Reader: @unchecked Sendable {
        let descriptor: Int32
        private let state = Mutex<(thread: pthread_t?, task: String?, bytes: [UInt8]?)>((nil, nil, nil))

        init(descriptor: Int32) {
            self.descriptor = descriptor
            Thread.detachNewThread {
                // Threads started from Swift concurrency's pool block most signals: this one takes the test's.
                var signals = sigset_t()
                sigemptyset(&signals)
                sigaddset(&signals, SIGUSR2)
                pthread_sigmask(SIG_UNBLOCK, &signals, nil)
                let task = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")
                self.state.withLock {
                    $0.thread = pthread_self()
                    $0.task = task
                }
                let bytes = FileDescriptorStream.readToEnd(from: descriptor)
                self.state.withLock { $0.bytes = bytes }
            }
        }

        var thread: pthread_t? { state.withLock { $0.thread } }
        var bytes: [UInt8]? { state.withLock { $0.bytes } }

        /// Whether the thread is blocked in read(2) now, as the kernel says.
        var isBlockedInRead: Bool {
            guard let task = state.withLock({ $0.task }) else { return false }
            let file = open("/proc/\(task)/syscall", O_RDONLY)
            guard file >= 0 else { return false }
            defer { close(file) }
            let line = String(decoding: FileDescriptorStream.readToEnd(from: file), as: UTF8.self)
            #if arch(x86_64)
                return line.hasPrefix("0 ")
            #else
                return line.hasPrefix("63 ")
            #endif
        }
    }

    /// Waits (by looking again, never by a deadline) until `condition` holds.
    func waitUntil(_ condition: () -> Bool) {
        while !condition() { usleep(1000) }
    }

    @Test("a read that a signal interrupts carries on and returns everything the pipe later holds")
    func interruptedReadCarriesOn() throws {
        // A handler installed without SA_RESTART: read(2) then fails with EINTR, as it does in a
        // thread that a child's exit interrupts.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in interruptions.add(1, ordering: .relaxed) }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        sigaction(SIGUSR2, &action, nil)

        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let reader = Reader(descriptor: ends[0])
        for round in 1...3 {
            waitUntil { reader.isBlockedInRead }
            let before = interruptions.load(ordering: .relaxed)
            pthread_kill(try #require(reader.thread), SIGUSR2)
            waitUntil { interruptions.load(ordering: .relaxed) > before }
            #expect(reader.bytes == nil, "the read ended at interruption \(round)")
        }
        #expect(FileDescriptorStream.write(Array("after the signals".utf8), to: ends[1]) == nil)
        close(ends[1])
        waitUntil { reader.bytes != nil }
        #expect(reader.bytes.map { String(decoding: $0, as: UTF8.self) } == "after the signals")
        close(ends[0])
    }

    @Test("a write that cannot go reports the error instead of trying again")
    func failedWrite() {
        // Never a descriptor just closed: another test may have opened something under its number.
        #expect(FileDescriptorStream.write(Array("lost".utf8), to: -1) == EBADF)
    }
}
