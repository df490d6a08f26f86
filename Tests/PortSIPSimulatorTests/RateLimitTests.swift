import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Simulator rate limit")
struct RateLimitTests {
    @Test("--rate-limit lets one second's worth through at once, then answers 429 without Retry-After, and refills")
    func tokenBucket() async throws {
        let clock = TestClock()
        try await withSimulator({
            $0.rateLimitPerMinute = 180
            $0.now = clock.now
        }) { simulator, http in
            var statuses: [Int] = []
            for _ in 0..<5 { statuses.append(try await http.get("/api/exclusive_numbers").status) }
            // 180 a minute is 3 a second: the bucket holds 3.
            #expect(statuses == [200, 200, 200, 429, 429])
            let throttled = try await http.get("/api/exclusive_numbers")
            #expect(throttled.headers["Retry-After"].isEmpty)
            #expect(throttled.errorCodes == ["TOO_MANY_REQUESTS"])
            clock.advance(by: .milliseconds(700))
            #expect(try await http.get("/api/exclusive_numbers").status == 200)
            #expect(try await http.get("/api/exclusive_numbers").status == 200)
            #expect(try await http.get("/api/exclusive_numbers").status == 429)
            #expect(await simulator.statistics.current().faults["rate_limit"] == 4)
        }
    }

    @Test("without --rate-limit nothing is throttled")
    func noLimitByDefault() async throws {
        try await withSimulator { simulator, http in
            for _ in 0..<50 {
                let status = try await http.get("/api/exclusive_numbers").status
                #expect(status == 200)
            }
            #expect(await simulator.statistics.current().faults["rate_limit"] == nil)
        }
    }
}
