/// The oldest a saved plan may be when it is applied (`apply --plan --max-plan-age 2h`): a plan
/// approved long ago may no longer be what its reviewers would approve.
public struct PlanAgeLimit: Sendable, Hashable, CustomStringConvertible {
    /// The limit in seconds (at least one).
    public var seconds: Int64

    /// The units a limit is written in, largest first.
    static let units: [(suffix: Character, seconds: Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Reads `90s`, `30m`, `2h`, `1d` or a sum written largest first (`1h30m`); nil for anything
    /// else, for zero, and for more than ten years.
    public init?(_ text: String) {
        var total: Int64 = 0
        var digits = ""
        var lastUnit = -1
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let unit = Self.units.firstIndex(where: { $0.suffix == character }), unit > lastUnit,
                !digits.isEmpty, digits.count <= 9, let value = Int64(digits)
            else { return nil }
            total += value * Self.units[unit].seconds
            lastUnit = unit
            digits = ""
        }
        guard digits.isEmpty, total > 0, total <= 3_650 * 86_400 else { return nil }
        seconds = total
    }

    /// Why `text`, given as `name` (an option or a variable), is not a limit.
    public static func notADuration(_ name: String, _ text: String) -> String {
        "\(name) \(text.quotedForDisplay) is not a duration: write whole numbers with a unit, s, m, h or d, largest "
            + "first (90s, 30m, 2h, 1d, 1h30m), at most 10 years"
    }

    /// `2h`, `1h30m`, `45s`: the limit, largest units first.
    public var description: String { Self.written(seconds) }

    /// How a span of seconds is written, largest units first (`3d4h`, `0s`).
    public static func written(_ seconds: Int64) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for unit in units where rest >= unit.seconds {
            text += "\(rest / unit.seconds)\(unit.suffix)"
            rest %= unit.seconds
        }
        return text
    }

    /// How old a plan made at `made` is at `now`, in seconds, when that is over the limit; nil
    /// when it is within it. A plan dated after `now` (clocks apart) is within it.
    public func excess(madeAt made: Timestamp, now: Timestamp) -> Int64? {
        let age = now.seconds(since: made)
        return age > seconds ? age : nil
    }
}

extension Timestamp {
    /// Whole seconds from `earlier` to this instant (negative when `earlier` is later).
    public func seconds(since earlier: Timestamp) -> Int64 {
        seconds - earlier.seconds
    }
}
