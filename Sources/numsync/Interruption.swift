import Foundation
import NumSync
import UnixSignals

/// Ctrl-C during an apply: the first raises the stop signal (no new change starts, in-flight
/// ones finish, the summary is printed); a second ends the process at once.
enum Interruption {
    /// Watches SIGINT and SIGTERM until the returned task is cancelled.
    static func watch(_ stop: StopSignal) async -> Task<Void, Never> {
        await watch(
            stop, work: "change", running: "those in flight",
            afterwards: "run numsync plan to see where the server is")
    }

    /// Watches SIGINT and SIGTERM while targets run, and passes each on to the running targets
    /// (each in its own process group, out of the terminal's reach): the first starts no new
    /// target and lets running ones stop as they do alone (an apply finishes its requests in
    /// flight); a second stops them at once, and this process with them.
    static func watchTargets(_ stop: StopSignal) async -> Task<Void, Never> {
        await watch(
            stop, work: "target", running: "those running",
            afterwards: "run numsync plan --targets to see where each PBX is",
            onSignal: { ChildRun.signalAll(SIGINT) })
    }

    private static func watch(
        _ stop: StopSignal, work: String, running: String, afterwards: String,
        onSignal: @escaping @Sendable () -> Void = {}
    ) async -> Task<Void, Never> {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return Task {
            var count = 0
            for await _ in signals {
                count += 1
                onSignal()
                if count == 1 {
                    stop.raise()
                    Terminal.err(
                        "\nInterrupted: no new \(work) will start; waiting for \(running). "
                            + "Press Ctrl-C again to stop at once.\n")
                } else {
                    Terminal.err("\nStopped at once; \(afterwards).\n")
                    Foundation.exit(130)
                }
            }
        }
    }
}
