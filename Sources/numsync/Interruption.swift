import Foundation
import NumSync
import UnixSignals

/// Ctrl-C during an apply: the first raises the stop signal (no new operation starts, in-flight
/// ones finish, the summary is printed); a second ends the process at once.
enum Interruption {
    /// Watches SIGINT and SIGTERM until the returned task is cancelled.
    static func watch(_ stop: StopSignal) async -> Task<Void, Never> {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return Task {
            var count = 0
            for await _ in signals {
                count += 1
                if count == 1 {
                    stop.raise()
                    Terminal.err(
                        "\nInterrupted: no new operation will start; waiting for those in flight. "
                            + "Press Ctrl-C again to stop at once.\n")
                } else {
                    Terminal.err("\nStopped at once; run numsync plan to see where the server is.\n")
                    Foundation.exit(130)
                }
            }
        }
    }
}

extension Interruption {
    /// Watches SIGINT and SIGTERM while targets run, and passes each on to the running targets
    /// (each in its own process group, out of the terminal's reach): the first starts no new
    /// target and lets running ones stop as they do alone (an apply finishes its requests in
    /// flight); a second stops them at once, and this process with them.
    static func watchTargets(_ stop: StopSignal) async -> Task<Void, Never> {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return Task {
            var count = 0
            for await _ in signals {
                count += 1
                ChildRun.signalAll(SIGINT)
                if count == 1 {
                    stop.raise()
                    Terminal.err(
                        "\nInterrupted: no new target will start; waiting for those running. "
                            + "Press Ctrl-C again to stop at once.\n")
                } else {
                    Terminal.err("\nStopped at once; run numsync plan --targets to see where each PBX is.\n")
                    Foundation.exit(130)
                }
            }
        }
    }
}
