import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Timestamps")
struct TimestampTests {
    @Test(
        "a date-time the files give is checked as PortSIP checks it: real days, no leap second, offsets under a day, T and Z",
        arguments: [
            ("2027-06-30T23:59:59Z", nil),
            ("2028-02-29T00:00:00Z", nil),
            ("2000-02-29T00:00:00+05:30", nil),
            ("2027-06-30T23:59:59.1234567-11:59", nil),
            ("2027-02-29T00:00:00Z", "day 29 is not in February 2027, which has 28 days"),
            ("2100-02-29T00:00:00Z", "day 29 is not in February 2100, which has 28 days"),
            ("2027-09-31T00:00:00Z", "day 31 is not in September 2027, which has 30 days"),
            ("2027-13-01T00:00:00Z", "there is no month 13"),
            ("2027-06-30T24:00:00Z", "the time must be from 00:00 to 23:59"),
            ("2027-06-30T23:59:60Z", "second 60 does not exist (PortSIP takes no leap second)"),
            ("2027-06-30T23:59:59+24:00", "the offset must be under 24 hours, written ±hh:mm with mm under 60"),
            ("2027-06-30T23:59:59-01:60", "the offset must be under 24 hours, written ±hh:mm with mm under 60"),
            ("2027-06-30 23:59:59Z", "write `T` between the date and the time"),
            ("2027-06-30t23:59:59Z", "write `T` between the date and the time"),
            ("2027-06-30T23:59:59z", "write `Z` (upper case) for UTC"),
            ("2027-06-30T23:59:59", "it has no time zone: add `Z` (UTC) or an offset such as `+02:00`"),
            ("2027-06-30", "it is not an RFC 3339 date-time"),
        ] as [(String, String?)])
    func problems(text: String, problem: String?) {
        #expect(Timestamp.problem(with: text) == problem)
    }

    @Test(
        "an instant is sent in UTC, to the millisecond",
        arguments: [
            ("2027-06-30T23:59:59+02:00", "2027-06-30T21:59:59Z"),
            ("2027-01-01T00:30:00+01:00", "2026-12-31T23:30:00Z"),
            ("2028-02-29T23:00:00-01:30", "2028-03-01T00:30:00Z"),
            ("2027-06-30T23:59:59.5Z", "2027-06-30T23:59:59.500Z"),
            ("2027-06-30T23:59:59.1239Z", "2027-06-30T23:59:59.123Z"),
            ("2027-06-30T23:59:59.000Z", "2027-06-30T23:59:59Z"),
            ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
            ("0999-01-01T00:00:00Z", "0999-01-01T00:00:00Z"),
        ])
    func utc(text: String, sent: String) throws {
        #expect(try #require(Timestamp(rfc3339: text)).utcText == sent)
    }

    @Test(
        "instants are the same when less than a millisecond apart, what PortSIP keeps",
        arguments: [
            ("2027-06-30T23:59:59.1234567Z", "2027-06-30T23:59:59.123Z", true),
            ("2027-06-30T23:59:59.1239Z", "2027-06-30T23:59:59.124Z", true),
            ("2027-06-30T23:59:59.123+02:00", "2027-06-30T21:59:59.123Z", true),
            ("2027-06-30T23:59:59.123Z", "2027-06-30T23:59:59.125Z", false),
            ("2027-06-30T23:59:59Z", "2027-06-30T23:59:58Z", false),
        ])
    func sameInstant(left: String, right: String, same: Bool) throws {
        let l = try #require(Timestamp(rfc3339: left))
        let r = try #require(Timestamp(rfc3339: right))
        #expect(l.isSameInstantAsKept(r) == same)
    }

    @Test("a server's date-time is read tolerantly: a space or t between date and time, z")
    func tolerant() {
        #expect(Timestamp(rfc3339: "2027-06-30 23:59:59Z") == Timestamp(rfc3339: "2027-06-30T23:59:59Z"))
        #expect(Timestamp(rfc3339: "2027-06-30t23:59:59z") == Timestamp(rfc3339: "2027-06-30T23:59:59Z"))
        #expect(Timestamp(rfc3339: "2027-02-30T00:00:00Z") == nil)
    }
}
