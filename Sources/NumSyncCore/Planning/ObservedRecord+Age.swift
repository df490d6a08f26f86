extension ObservedRecord {
    /// Orders copies of one number: the oldest first, by `created_at`, then by id.
    ///
    /// Ids are snowflakes (a timestamp in the high bits) written as PortSIP's docs show them,
    /// base64 of the decimal value, or as plain decimals. Neither form sorts by age as text
    /// (`"99"` comes after `"100"`; base64 text does not follow the number it encodes), so ids
    /// that decode to a decimal value compare by that value; other ids come after them, in
    /// byte order.
    public static func isOlder(_ lhs: ObservedRecord, than rhs: ObservedRecord) -> Bool {
        let l = lhs.createdAt.flatMap(Timestamp.init(rfc3339:))
        let r = rhs.createdAt.flatMap(Timestamp.init(rfc3339:))
        switch (l, r) {
        case (let l?, let r?) where l != r: return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        default: return idPrecedesByAge(lhs.id, rhs.id)
        }
    }

    /// Whether id `lhs` was issued before id `rhs`, as far as the ids tell.
    static func idPrecedesByAge(_ lhs: String, _ rhs: String) -> Bool {
        switch (decimalValue(ofID: lhs), decimalValue(ofID: rhs)) {
        case (let l?, let r?):
            // Decimal digits without leading zeros: a shorter one is smaller; equal lengths
            // compare digit by digit. No width limit, so no overflow.
            if l.count != r.count { return l.count < r.count }
            if l != r { return l.lexicographicallyPrecedes(r) }
            return lhs.precedesByBytes(rhs)
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return lhs.precedesByBytes(rhs)
        }
    }

    /// The decimal digits (leading zeros dropped) an id stands for: the id itself when it is a
    /// decimal number, or the decimal number it is the base64 of; nil otherwise.
    ///
    /// The two forms cannot be confused: a base64 text made only of digits decodes to bytes of
    /// 0xD0 and above, never to ASCII digits.
    static func decimalValue(ofID id: String) -> [UInt8]? {
        let bytes = Array(id.utf8)
        if let digits = decimalDigits(bytes) { return digits }
        guard let decoded = base64Decoded(bytes) else { return nil }
        return decimalDigits(decoded)
    }

    private static func decimalDigits(_ bytes: [UInt8]) -> [UInt8]? {
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let significant = bytes.drop { $0 == 0x30 }
        return significant.isEmpty ? [0x30] : Array(significant)
    }

    /// Standard base64 (padding optional); nil for anything else.
    static func base64Decoded(_ bytes: [UInt8]) -> [UInt8]? {
        var body = bytes[...]
        var padding = 0
        while body.last == UInt8(ascii: "="), padding < 2 {
            body.removeLast()
            padding += 1
        }
        guard !body.isEmpty, body.count % 4 != 1, padding == 0 || (body.count + padding) % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(body.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in body {
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            default: return nil
            }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }
}
