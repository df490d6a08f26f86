extension Unicode.Scalar {
    /// Whether the scalar shows nothing where it stands, or changes how the text around it reads:
    /// C0 and C1 controls, format characters (zero-width spaces, bidirectional overrides and
    /// isolates, the byte order mark, ...), the other default-ignorable code points (fillers,
    /// variation selectors) and line or paragraph separators. Text holding one can look like
    /// other text in a review.
    public var isHidden: Bool {
        if isASCII { return value < 0x20 || value == 0x7F }
        if value <= 0x9F { return true }
        switch properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator, .control:
            return true
        default:
            return properties.isDefaultIgnorableCodePoint
        }
    }

    /// Zero-width joiners and variation selectors: hidden on their own, but they shape the
    /// visible character before them (emoji sequences, Indic and Persian scripts).
    var shapesPreviousCharacter: Bool {
        value == 0x200C || value == 0x200D || properties.isVariationSelector
    }

    /// A space other than U+0020 (no-break, en, em, ideographic, ...): it looks like a space but
    /// is not one, so a number holding it differs from the one it looks like.
    var isLookAlikeSpace: Bool {
        !isASCII && properties.generalCategory == .spaceSeparator
    }

    /// `U+200B ZERO WIDTH SPACE`, for messages.
    public var codePointName: String {
        let hex = String(value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        guard let name = properties.name ?? properties.nameAlias else { return code }
        return code + " " + name
    }
}

extension String {
    /// The text with every hidden scalar written as `\u{200b}`, so that what a reviewer reads is
    /// what the text holds. Tabs and line breaks stay; a joiner or variation selector stays when it
    /// shapes a visible non-ASCII character.
    public var escapingHiddenCharacters: String {
        guard unicodeScalars.contains(where: { $0.isHidden && !["\t", "\n", "\r"].contains($0) }) else { return self }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            if scalar.isHidden, !["\t", "\n", "\r"].contains(scalar), !Self.keepsShaping(scalar, after: previous) {
                out.append(contentsOf: scalar.escaped.unicodeScalars)
            } else {
                out.append(scalar)
            }
            previous = scalar
        }
        return String(out)
    }

    /// Whether `scalar` is a joiner or selector that shapes the visible character before it.
    static func keepsShaping(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        guard scalar.shapesPreviousCharacter, let previous, !previous.isASCII else { return false }
        return !previous.isHidden || previous.shapesPreviousCharacter
    }

    /// The first scalar that makes a number look like another one, if any: a hidden scalar or a
    /// look-alike space.
    var firstDeceptiveScalar: Unicode.Scalar? {
        unicodeScalars.first { $0.isHidden || $0.isLookAlikeSpace }
    }
}

extension Unicode.Scalar {
    /// `\u{200b}`.
    var escaped: String {
        "\\u{" + String(value, radix: 16) + "}"
    }
}
