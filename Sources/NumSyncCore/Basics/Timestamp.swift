/// An instant parsed from RFC 3339 text: seconds since 1970 and nanoseconds.
///
/// Read tolerantly from a server (`t` or a space between date and time, `z`), strictly from the
/// files (`problem(with:)`): what is sent must be what PortSIP takes.
public struct Timestamp: Hashable, Comparable, Sendable {
    var seconds: Int64
    var nanoseconds: Int32

    /// The most fractional digits PortSIP keeps: milliseconds. Instants are compared at that
    /// precision.
    public static let keptFractionDigits = 3

    /// The parts of a date-time as written.
    struct Parts {
        var year, month, day, hour, minute, second: Int
        var nanoseconds: Int
        var fractionDigits: Int
        /// The byte between date and time: `T`, `t` or a space.
        var separator: UInt8
        /// `Z`, `z`, `+` or `-`.
        var zone: UInt8
        var offsetHours, offsetMinutes: Int

        /// Reads the shape `YYYY-MM-DD?hh:mm:ss[.f+](Z|±hh:mm)`; ranges are not checked.
        init?(_ text: String) {
            let b = Array(text.utf8)
            func digits(_ start: Int, _ count: Int) -> Int? {
                guard start + count <= b.count else { return nil }
                var value = 0
                for i in start..<start + count {
                    guard b[i] >= 48, b[i] <= 57 else { return nil }
                    value = value * 10 + Int(b[i] - 48)
                }
                return value
            }
            guard b.count >= 20, let year = digits(0, 4), b[4] == 45, let month = digits(5, 2), b[7] == 45,
                let day = digits(8, 2), b[10] == 84 || b[10] == 116 || b[10] == 32, let hour = digits(11, 2),
                b[13] == 58, let minute = digits(14, 2), b[16] == 58, let second = digits(17, 2)
            else { return nil }
            var i = 19
            var nanos = 0
            var fractionDigits = 0
            if i < b.count, b[i] == 46 {
                i += 1
                var scale = 100_000_000
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    nanos += Int(b[i] - 48) * scale
                    scale /= 10
                    fractionDigits += 1
                    i += 1
                }
                guard fractionDigits > 0 else { return nil }
            }
            guard i < b.count else { return nil }
            zone = b[i]
            offsetHours = 0
            offsetMinutes = 0
            if zone == 90 || zone == 122 {
                i += 1
            } else if zone == 43 || zone == 45, let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 58,
                let om = digits(i + 4, 2)
            {
                offsetHours = oh
                offsetMinutes = om
                i += 6
            } else {
                return nil
            }
            guard i == b.count else { return nil }
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (
                year, month, day, hour, minute, second
            )
            self.nanoseconds = nanos
            self.fractionDigits = fractionDigits
            self.separator = b[10]
        }
    }

    /// Parses `2017-07-21T17:32:28Z`, `2017-07-21T17:32:28.123+02:00` and the like, as a server
    /// may write them; nil otherwise.
    public init?(rfc3339 text: String) {
        guard let parts = Parts(text), (1...12).contains(parts.month),
            (1...Self.days(inMonth: parts.month, of: parts.year)).contains(parts.day), parts.hour < 24,
            parts.minute < 60, parts.second <= 60, parts.offsetHours < 24, parts.offsetMinutes < 60
        else { return nil }
        let offset = (parts.offsetHours * 60 + parts.offsetMinutes) * 60 * (parts.zone == 45 ? -1 : 1)
        seconds =
            Self.daysSinceEpoch(year: parts.year, month: parts.month, day: parts.day) * 86_400
            + Int64(parts.hour * 3600 + parts.minute * 60 + parts.second) - Int64(offset)
        nanoseconds = Int32(parts.nanoseconds)
    }

    /// What is wrong with `text` as a date-time for PortSIP, in words for a diagnostic; nil when
    /// nothing is. Stricter than RFC 3339 where PortSIP is: `T` between date and time, `Z` upper
    /// case, no leap second.
    public static func problem(with text: String) -> String? {
        guard let parts = Parts(text) else {
            if Parts(text + "Z") != nil { return "it has no time zone: add `Z` (UTC) or an offset such as `+02:00`" }
            return "it is not an RFC 3339 date-time"
        }
        if parts.separator != 84 { return "write `T` between the date and the time" }
        if parts.zone == 122 { return "write `Z` (upper case) for UTC" }
        guard (1...12).contains(parts.month) else { return "there is no month \(parts.month)" }
        let days = days(inMonth: parts.month, of: parts.year)
        guard (1...days).contains(parts.day) else {
            return "day \(parts.day) is not in \(monthNames[parts.month - 1]) \(parts.year), which has \(days) days"
        }
        guard parts.hour < 24, parts.minute < 60 else { return "the time must be from 00:00 to 23:59" }
        guard parts.second < 60 else { return "second \(parts.second) does not exist (PortSIP takes no leap second)" }
        guard parts.offsetHours < 24, parts.offsetMinutes < 60 else {
            return "the offset must be under 24 hours, written ±hh:mm with mm under 60"
        }
        return nil
    }

    /// Whether `text` has more fractional digits than PortSIP keeps (milliseconds).
    public static func isFinerThanKept(_ text: String) -> Bool {
        (Parts(text)?.fractionDigits ?? 0) > keptFractionDigits
    }

    /// The instant in UTC, as PortSIP writes its timestamps: `2027-06-30T21:59:59Z`, with
    /// milliseconds when there are any (`...59.250Z`); finer digits are dropped.
    public var utcText: String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civil(fromDaysSinceEpoch: days)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var text = String(year).count < 4 ? String(repeating: "0", count: 4 - String(year).count) : ""
        text += "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60))"
        text += ":\(two(secondOfDay % 60))"
        let milliseconds = Int(nanoseconds) / 1_000_000
        if milliseconds > 0 {
            let digits = String(milliseconds)
            text += "." + String(repeating: "0", count: 3 - digits.count) + digits
        }
        return text + "Z"
    }

    /// Whether two instants are the same at the precision PortSIP keeps: less than a millisecond
    /// apart (a PBX may round or cut what it drops).
    public func isSameInstantAsKept(_ other: Timestamp) -> Bool {
        let difference = (seconds - other.seconds) * 1_000_000_000 + Int64(nanoseconds) - Int64(other.nanoseconds)
        return abs(difference) < 1_000_000
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// Days in a month of the proleptic Gregorian calendar.
    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 (Howard Hinnant's algorithm).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return Int64(era * 146_097 + doe - 719_468)
    }

    /// The date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDaysSinceEpoch days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
