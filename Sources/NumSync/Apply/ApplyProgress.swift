import NumSyncCore
import Synchronization

/// Shows how an apply is going on standard error: a redrawn bar on a terminal, a line every few
/// seconds otherwise. Quiet for runs that finish within a moment.
public final class ApplyProgress: Sendable {
    private struct State {
        var done = 0
        var failed = 0
        var lastDraw: ContinuousClock.Instant?
        var drewBar = false
    }

    private let total: Int
    private let terminal: Bool
    private let write: @Sendable (String) -> Void
    private let started = ContinuousClock.now
    private let state = Mutex(State())
    /// Nothing is shown before this much time has passed.
    private let quietPeriod: Duration
    /// How often a terminal bar is redrawn, or a CI line written.
    private let interval: Duration

    /// The rate requests are paced at now, requests a minute (nil: not paced).
    private let pacing: @Sendable () -> Double?

    /// Creates a progress display for `total` changes; `pacing` reads the rate requests are
    /// paced at, shown beside the progress.
    public init(
        total: Int, terminal: Bool, quietPeriod: Duration = .seconds(1),
        pacing: @escaping @Sendable () -> Double? = { nil }, write: @escaping @Sendable (String) -> Void
    ) {
        self.pacing = pacing
        self.total = total
        self.terminal = terminal
        self.write = write
        self.quietPeriod = quietPeriod
        self.interval = terminal ? .milliseconds(100) : .seconds(5)
    }

    /// Records a finished change and redraws when it is time.
    public func record(_ outcome: ApplyReport.Outcome) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            state.done += 1
            if !outcome.succeeded { state.failed += 1 }
            guard now - started >= quietPeriod else { return nil }
            if let last = state.lastDraw, now - last < interval, state.done < total { return nil }
            state.lastDraw = now
            if terminal { state.drewBar = true }
            return render(done: state.done, failed: state.failed, now: now)
        }
        if let line { write(line) }
    }

    /// Ends the bar's line on a terminal.
    public func finish() {
        let drew = state.withLock { $0.drewBar }
        if terminal, drew { write("\n") }
    }

    private func render(done: Int, failed: Int, now: ContinuousClock.Instant) -> String {
        let elapsed = max(0.001, (now - started).seconds)
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let failures = failed > 0 ? ", \(failed.formattedWithSeparators) failed" : ""
        let numbers =
            "\(done.formattedWithSeparators)/\(total.formattedWithSeparators)\(failures), "
            + "\(Int(rate.rounded()))/s, \(Self.clock(left)) left"
            + (pacing().map { ", paced at \(Int($0.rounded()).formattedWithSeparators) requests/min" } ?? "")
        if terminal {
            let width = 30
            let filled = total > 0 ? min(width, done * width / total) : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            return "\r\u{1B}[2K\(bar) \(numbers)"
        }
        return "numsync: applied \(numbers)\n"
    }

    private static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        return whole >= 60 ? "\(whole / 60)m\(whole % 60 < 10 ? "0" : "")\(whole % 60)s" : "\(whole)s"
    }
}
