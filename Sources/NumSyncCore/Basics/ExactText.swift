/// Text compared byte for byte in UTF-8, the way PortSIP stores numbers, descriptions and ids.
///
/// Swift's `String` equality is canonical equivalence: a composed "é" equals "e" followed by a
/// combining accent. For numsync those are different values, so numbers are matched, duplicates
/// found and descriptions compared through this type, never through `String` equality.
public struct ExactText: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The text.
    public var text: String

    /// Wraps a text.
    public init(_ text: String) {
        self.text = text
    }

    public static func == (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.isByteEqual(to: rhs.text)
    }

    public func hash(into hasher: inout Hasher) {
        let hashed = text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        if hashed == nil {
            for byte in text.utf8 { hasher.combine(byte) }
        }
    }

    /// Byte order of the UTF-8 encoding: for ASCII the same as `String`'s order, and a total
    /// order for any text.
    public static func < (lhs: ExactText, rhs: ExactText) -> Bool {
        lhs.text.precedesByBytes(rhs.text)
    }

    public var description: String { text }
}

extension String {
    /// Whether both texts have exactly the same UTF-8 bytes.
    public func isByteEqual(to other: String) -> Bool {
        let lhs = utf8
        let rhs = other.utf8
        guard lhs.count == rhs.count else { return false }
        let contiguous = lhs.withContiguousStorageIfAvailable { l in
            rhs.withContiguousStorageIfAvailable { r in l.elementsEqual(r) }
        }
        return (contiguous ?? nil) ?? lhs.elementsEqual(rhs)
    }

    /// Whether the text comes before `other` in the byte order of UTF-8.
    public func precedesByBytes(_ other: String) -> Bool {
        var lhs = self
        var rhs = other
        return lhs.withUTF8 { l in rhs.withUTF8 { r in l.lexicographicallyPrecedes(r) } }
    }
}
