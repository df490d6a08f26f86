/// The rules a value follows to be written to PortSIP and matched exactly: one place for the
/// desired-state decoder, saved plans and export. Limits come from the list's declaration.
public enum FieldRules {
    /// What makes a number's text unusable.
    public enum NumberProblem: Sendable, Hashable, CustomStringConvertible {
        /// No text at all.
        case empty
        /// More characters than the list allows.
        case tooLong(length: Int, maximum: Int)
        /// A space, tab or other whitespace at the start or the end: it would never match.
        case whitespaceAtEnds
        /// A C0 or C1 control character or DEL.
        case controlCharacter
        /// A character that hides in a review (zero-width, bidirectional control, look-alike
        /// space): the number could pass for another one.
        case deceptiveCharacter(Unicode.Scalar)
        /// A character the list's pattern does not allow.
        case notMatching(TextPattern)

        /// What is wrong, after the number: `has leading or trailing whitespace`.
        public var description: String {
            switch self {
            case .empty: return "is empty"
            case .tooLong(let length, let maximum):
                return "is \(length) characters long; PortSIP allows at most \(maximum)"
            case .whitespaceAtEnds: return "has leading or trailing whitespace"
            case .controlCharacter: return "contains a control character"
            case .deceptiveCharacter(let scalar):
                return "contains \(scalar.codePointName), which does not show as itself in a review; "
                    + "write numbers with visible characters only"
            case .notMatching(let pattern):
                return "is not allowed in this list: PortSIP takes \(pattern.explanation)"
            }
        }

        /// How the number is named before the problem: quoted, unless it is empty or too long to
        /// be worth repeating.
        public func subject(_ number: String) -> String {
            switch self {
            case .empty, .tooLong: return ""
            default: return number.quotedForDisplay
            }
        }
    }

    /// Every problem of a number's text, for a list whose key holds at most `maximumLength`
    /// characters; empty when it is fine.
    public static func problems(ofNumber text: String, maximumLength: Int, pattern: TextPattern? = nil)
        -> [NumberProblem]
    {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return [.empty] }
        var problems: [NumberProblem] = []
        if let length = excessLength(text, maximum: maximumLength) {
            problems.append(.tooLong(length: length, maximum: maximumLength))
        }
        if first.isWhitespace || last.isWhitespace {
            problems.append(.whitespaceAtEnds)
        } else if text.utf8.containsControlCharacter {
            problems.append(.controlCharacter)
        } else if let scalar = text.firstDeceptiveScalar {
            problems.append(.deceptiveCharacter(scalar))
        } else if let pattern, !pattern.matches(text) {
            problems.append(.notMatching(pattern))
        }
        return problems
    }

    /// The length of a text over `maximum` characters (Unicode scalars); nil when it is within.
    public static func excessLength(_ text: String, maximum: Int) -> Int? {
        // Counting characters walks the string; only strings long in bytes can be too long.
        guard text.utf8.count > maximum else { return nil }
        let length = text.unicodeScalars.count
        return length > maximum ? length : nil
    }
}

extension Unicode.Scalar {
    /// Whitespace, with a fast path for ASCII.
    var isWhitespace: Bool {
        isASCII ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}

extension String.UTF8View {
    /// Whether the text holds a C0 or C1 control character or DEL, checked on the UTF-8 bytes.
    var containsControlCharacter: Bool {
        var previous: UInt8 = 0
        for byte in self {
            // C1 controls (U+0080...U+009F) are encoded as 0xC2 0x80...0x9F.
            if byte < 0x20 || byte == 0x7F || (previous == 0xC2 && (0x80...0x9F).contains(byte)) { return true }
            previous = byte
        }
        return false
    }
}
