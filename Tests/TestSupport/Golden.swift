import Foundation

/// Golden files: rendered text checked against a file that `NUMSYNC_RECORD_GOLDEN=1` re-records.
public enum Golden {
    /// Whether this run re-records golden files instead of comparing.
    public static var recording: Bool {
        ProcessInfo.processInfo.environment["NUMSYNC_RECORD_GOLDEN"] == "1"
    }

    /// Compares `text` with the golden file at `path`; returns a description of the difference,
    /// or nil when equal.
    ///
    /// When recording, the file is written and a mismatch is still returned (as
    /// swift-argument-parser's snapshots do): a run that records can never pass, so a recording
    /// left switched on in CI fails instead of approving whatever the code now prints.
    public static func mismatch(_ text: String, path: String) -> String? {
        if recording {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? text.write(toFile: path, atomically: true, encoding: .utf8)
            return "recorded \(path) (NUMSYNC_RECORD_GOLDEN=1): run the tests again without it to check"
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "no golden file at \(path); run the tests with NUMSYNC_RECORD_GOLDEN=1 to record it"
        }
        guard expected != text else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = text.components(separatedBy: "\n")
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let e = index < expectedLines.count ? expectedLines[index] : "<end of file>"
            let a = index < actualLines.count ? actualLines[index] : "<end of output>"
            if e != a {
                return "\(path):\(index + 1) differs\n  expected: \(e)\n  actual:   \(a)\n"
                    + "(NUMSYNC_RECORD_GOLDEN=1 re-records golden files)"
            }
        }
        return "\(path) differs"
    }
}
