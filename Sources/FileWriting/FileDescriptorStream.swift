#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads and writes by file descriptor, carrying on when a signal interrupts a call.
///
/// Foundation's `FileHandle` ends the process when a signal interrupts one of its reads or writes
/// (`EINTR`: "Fatal error: ... Interrupted system call"). The full test suite, which reads the
/// pipes of many children at once, crashed so in CI; a fleet run reads its targets' pipes the same
/// way. Every pipe numsync or its tests read goes through here.
public enum FileDescriptorStream {
    /// The next bytes `descriptor` has, waiting for some; empty at the end (and after an error
    /// other than an interruption, which ends the stream too).
    public static func next(from descriptor: Int32, upTo count: Int = 64 * 1024) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        while true {
            let read = buffer.withUnsafeMutableBytes { bytes in
                #if canImport(Glibc)
                    Glibc.read(descriptor, bytes.baseAddress, count)
                #else
                    Darwin.read(descriptor, bytes.baseAddress, count)
                #endif
            }
            if read >= 0 { return Array(buffer[..<read]) }
            if errno == EINTR || errno == EAGAIN { continue }
            return []
        }
    }

    /// Everything `descriptor` has, up to its end.
    public static func readToEnd(from descriptor: Int32) -> [UInt8] {
        var all: [UInt8] = []
        while true {
            let chunk = next(from: descriptor)
            if chunk.isEmpty { return all }
            all += chunk
        }
    }

    /// Writes all of `bytes`; returns `errno` of the error that stopped it, or nil when all went.
    @discardableResult
    public static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                #if canImport(Glibc)
                    Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                #else
                    Darwin.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                #endif
            }
            if result >= 0 {
                written += result
            } else if errno != EINTR && errno != EAGAIN {
                return errno
            }
        }
        return nil
    }
}
