import NumSyncCore
import NumSyncFixtures
import Testing

@testable import NumSync

@Suite("Giving up on a failing PBX")
struct FailureStreakTests {
    static func http(_ status: Int, _ code: String = "E") -> PortSIPError {
        PortSIPError(
            method: "POST", path: "/api/exclusive_numbers", kind: .http(status: status, code: code, message: nil))
    }

    static let dropped = PortSIPError(
        method: "POST", path: "/api/exclusive_numbers",
        kind: .transport(reason: "the connection was reset", delivery: .mayHaveReachedServer, transient: true))

    /// `count` times `failure`.
    static func times(_ count: Int, _ failure: PortSIPError?) -> [PortSIPError?] {
        [PortSIPError?](repeating: failure, count: count)
    }

    static let cases: [(failures: [PortSIPError?], breaks: Bool)] = [
        (times(10, http(503)), true),
        (times(9, http(503)) + [nil] + times(9, http(503)), false),
        (times(5, http(500)) + times(5, http(503)), false),
        (times(5, http(503, "A")) + times(5, http(503, "B")), false),
        (times(10, dropped), true),
        (times(10, http(429)), true),
        (times(20, http(400)), false),
        (times(9, http(503)) + [http(404)] + [http(503)], false),
    ]

    @Test(
        "ten changes in a row failing the same way on the server's side stop the run; a success, another failure or a refusal of the request ends the streak",
        arguments: cases)
    func streak(failures: [PortSIPError?], breaks: Bool) {
        var streak = FailureStreak()
        for failure in failures { streak.record(failure) }
        #expect(streak.isBroken == breaks)
        #expect((streak.reason != nil) == breaks)
    }
}
