import Foundation

/// RFC 3339 date-times as the simulator stores them: parsed with or without fractional seconds
/// and any offset, written back in UTC with at most milliseconds (`2027-06-30T21:59:59Z`), as
/// PortSIP writes its timestamps.
///
/// What PortSIP refuses (answered 400 by a real PBX), the simulator refuses too: a space between
/// date and time, a day the month does not have, a leap second, an offset of 24 hours or more.
/// This is the simulator's own reading, not numsync's: a mistake in one is caught by the other.
enum InstantText {
    /// The same instant in UTC, or nil when `text` is not a date-time PortSIP takes.
    static func utc(_ text: String) -> String? {
        var bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return nil }
        bytes[10] = UInt8(ascii: "T")
        if bytes.last == UInt8(ascii: "z") { bytes[bytes.count - 1] = UInt8(ascii: "Z") }
        let text = String(decoding: bytes, as: UTF8.self)
        guard isReal(text) else { return nil }
        // The fraction is read as digits (milliseconds, cut: what PortSIP keeps), the rest by
        // Foundation's parser: a Double would turn .123 into .122999...
        var whole = text
        var millisecond = 0
        if let dot = text.firstIndex(of: "."), text.distance(from: text.startIndex, to: dot) == 19 {
            let digits = text[text.index(after: dot)...].prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty else { return nil }
            millisecond = Int(String((digits + "00").prefix(3)))!
            whole = String(text[..<dot]) + String(text[text.index(after: dot)...].dropFirst(digits.count))
        }
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        guard let date = plain.date(from: whole) else { return nil }
        plain.timeZone = TimeZone(identifier: "UTC")
        let utc = plain.string(from: date)
        guard millisecond > 0 else { return utc }
        let digits = String(millisecond)
        return String(utc.dropLast()) + "." + String(repeating: "0", count: 3 - digits.count) + digits + "Z"
    }

    /// Whether the calendar and clock fields name a real instant: the day is in its month, the
    /// second is not 60, the offset is under 24 hours.
    private static func isReal(_ text: String) -> Bool {
        let characters = Array(text)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= characters.count else { return nil }
            return Int(String(characters[start..<start + count]))
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), (1...12).contains(month), hour < 24, minute < 60,
            second < 60
        else { return false }
        var components = DateComponents()
        components.year = year
        components.month = month
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let first = calendar.date(from: components),
            let days = calendar.range(of: .day, in: .month, for: first), days.contains(day)
        else { return false }
        if let sign = characters.lastIndex(where: { $0 == "+" || $0 == "-" }), sign > 10 {
            guard let hours = number(sign + 1, 2), let minutes = number(sign + 4, 2), hours < 24, minutes < 60 else {
                return false
            }
        }
        return true
    }
}
