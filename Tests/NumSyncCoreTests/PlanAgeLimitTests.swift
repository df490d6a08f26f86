import NumSyncCore
import Testing

@Suite("The age limit of saved plans")
struct PlanAgeLimitTests {
    @Test(
        "a limit is whole numbers with units, largest first; anything else is not a limit",
        arguments: [
            ("90s", 90), ("30m", 1_800), ("2h", 7_200), ("1d", 86_400), ("1h30m", 5_400), ("1d2h3m4s", 93_784),
            ("0s", nil), ("", nil), ("2", nil), ("h", nil), ("30m1h", nil), ("1h1h", nil), ("-1h", nil),
            ("1.5h", nil), ("2 h", nil), ("2H", nil), ("3651d", nil), ("١h", nil),
        ] as [(String, Int64?)])
    func parses(text: String, seconds: Int64?) {
        #expect(PlanAgeLimit(text)?.seconds == seconds)
    }

    @Test("a limit is written back largest units first")
    func written() {
        #expect(PlanAgeLimit("90m")?.description == "1h30m")
        #expect(PlanAgeLimit.written(93_784) == "1d2h3m4s")
        #expect(PlanAgeLimit.written(0) == "0s")
    }

    @Test("a plan is over the limit only when strictly older; one dated later than now is within it")
    func excess() throws {
        let limit = try #require(PlanAgeLimit("2h"))
        let made = try #require(Timestamp(rfc3339: "2026-12-04T10:00:00Z"))
        func at(_ text: String) throws -> Timestamp { try #require(Timestamp(rfc3339: text)) }
        #expect(limit.excess(madeAt: made, now: try at("2026-12-04T12:00:00Z")) == nil)
        #expect(limit.excess(madeAt: made, now: try at("2026-12-04T12:00:01Z")) == 7_201)
        #expect(limit.excess(madeAt: made, now: try at("2026-12-04T09:00:00Z")) == nil)
    }
}
