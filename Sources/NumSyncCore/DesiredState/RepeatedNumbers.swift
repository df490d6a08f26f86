/// Finds numbers written twice in the desired state: the one place the check's speed shows.
///
/// `scripts/bench` measured it: on 100,000 entries the open-addressing table below takes about
/// 2 ms where a dictionary of `ExactText` took 6; it stays while that holds.
enum RepeatedNumbers {
    /// Every entry whose number an earlier entry already has, with the index of that first entry,
    /// in entry order.
    ///
    /// Numbers repeat when their UTF-8 bytes are equal, the equality the planner matches numbers
    /// with. Phone numbers are ASCII, and for ASCII text an open-addressing table of entry indices
    /// keyed by a 64-bit hash of the bytes finds the repeats several times faster than a
    /// dictionary; text with other characters takes a dictionary of `ExactText`.
    static func find(in numbers: [DesiredNumber]) -> [(duplicate: Int, first: Int)] {
        guard numbers.count < Int(Int32.max) / 2 else { return byDictionary(numbers) }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(numbers.count)
        for entry in numbers {
            guard let hash = Self.asciiHash(entry.number) else { return byDictionary(numbers) }
            hashes.append(hash)
        }
        // At most half full, so probes stay short.
        var capacity = 16
        while capacity < 2 * numbers.count { capacity <<= 1 }
        let mask = capacity - 1
        var slots = [Int32](repeating: -1, count: capacity)
        var repeats: [(duplicate: Int, first: Int)] = []
        for index in numbers.indices {
            let hash = hashes[index]
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let occupant = Int(slots[slot])
                if occupant < 0 {
                    slots[slot] = Int32(index)
                    break
                }
                // Equal hashes are only candidates: the numbers themselves are compared.
                if hashes[occupant] == hash, numbers[occupant].number == numbers[index].number {
                    repeats.append((index, occupant))
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return repeats
    }

    /// A 64-bit hash of an ASCII text's bytes; nil when the text is not ASCII.
    static func asciiHash(_ text: String) -> UInt64? {
        var text = text
        return text.withUTF8 { bytes -> UInt64? in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
            var high: UInt8 = 0
            var i = 0
            // Eight bytes at a time, mixed by multiplication; the tail byte by byte.
            while i + 8 <= bytes.count {
                var word: UInt64 = 0
                for k in 0..<8 { word |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
                high |= UInt8(truncatingIfNeeded: (word & 0x8080_8080_8080_8080) != 0 ? 0x80 : 0)
                hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
                hash ^= hash >> 29
                i += 8
            }
            while i < bytes.count {
                high |= bytes[i]
                hash = (hash ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3
                i += 1
            }
            guard high & 0x80 == 0 else { return nil }
            hash ^= hash >> 32
            hash = hash &* 0xD6E8_FEB8_6659_FD93
            return hash ^ (hash >> 32)
        }
    }

    private static func byDictionary(_ numbers: [DesiredNumber]) -> [(duplicate: Int, first: Int)] {
        var repeats: [(duplicate: Int, first: Int)] = []
        var firstDefinition: [ExactText: Int] = [:]
        for index in numbers.indices {
            let key = ExactText(numbers[index].number)
            if let first = firstDefinition[key] {
                repeats.append((index, first))
            } else {
                firstDefinition[key] = index
            }
        }
        return repeats
    }
}
