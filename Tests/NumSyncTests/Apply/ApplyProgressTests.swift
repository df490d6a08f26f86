import NumSync
import Synchronization
import Testing

final class Written: Sendable {
    let text = Mutex("")
    func append(_ more: String) { text.withLock { $0 += more } }
    var value: String { text.withLock { $0 } }
}

@Suite("Apply progress")
struct ApplyProgressTests {
    @Test("in CI it writes whole lines with counts, rate and time left")
    func lines() {
        let written = Written()
        let progress = ApplyProgress(total: 3, terminal: false, quietPeriod: .zero) { written.append($0) }
        progress.record(.updated)
        progress.record(.failed(.init(method: "POST", path: "/api/x", kind: .cancelled)))
        progress.record(.updated)
        progress.finish()
        let lines = written.value.split(separator: "\n")
        #expect(lines.first?.hasPrefix("numsync: applied 1/3") == true)
        #expect(lines.last?.hasPrefix("numsync: applied 3/3, 1 failed") == true)
        #expect(written.value.contains("left"))
    }

    @Test("it shows the rate requests are paced at, when they are")
    func pacing() {
        let written = Written()
        let progress = ApplyProgress(total: 1, terminal: false, quietPeriod: .zero, pacing: { 2500.4 }) {
            written.append($0)
        }
        progress.record(.updated)
        #expect(written.value.hasSuffix(", paced at 2,500 requests/min\n"), "\(written.value)")
    }

    @Test("on a terminal it redraws one bar and ends the line when done")
    func bar() {
        let written = Written()
        let progress = ApplyProgress(total: 2, terminal: true, quietPeriod: .zero) { written.append($0) }
        progress.record(.deleted)
        progress.record(.deleted)
        progress.finish()
        #expect(written.value.hasPrefix("\r\u{1B}[2K"))
        #expect(written.value.contains("██████████████████████████████ 2/2"))
        #expect(written.value.hasSuffix("\n"))
    }

    @Test("short runs stay quiet")
    func quiet() {
        let written = Written()
        let progress = ApplyProgress(total: 2, terminal: true) { written.append($0) }
        progress.record(.updated)
        progress.record(.updated)
        progress.finish()
        #expect(written.value.isEmpty)
    }
}
