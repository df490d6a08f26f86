import Foundation

/// RFC 3339 date-times as the simulator stores them: parsed with or without fractional seconds
/// and any offset, written back in UTC (`2027-06-30T21:59:59Z`).
enum InstantText {
    /// The same instant in UTC, or nil when `text` is not an RFC 3339 date-time.
    static func utc(_ text: String) -> String? {
        // RFC 3339 allows a space or a lower-case `t` between date and time, and a lower-case `z`.
        var bytes = Array(text.utf8)
        if bytes.count > 10, bytes[10] == 0x20 || bytes[10] == 0x74 { bytes[10] = 0x54 }
        if bytes.last == 0x7A { bytes[bytes.count - 1] = 0x5A }
        let text = String(decoding: bytes, as: UTF8.self)
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = plain.date(from: text) ?? fractional.date(from: text) else { return nil }
        let output = date.timeIntervalSince1970.rounded(.down) == date.timeIntervalSince1970 ? plain : fractional
        output.timeZone = TimeZone(identifier: "UTC")
        return output.string(from: date)
    }
}
