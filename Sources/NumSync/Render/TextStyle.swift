/// ANSI colours for terminals, or nothing at all.
public struct TextStyle: Sendable {
    /// Whether colour codes are written.
    public var colored: Bool

    /// Plain text.
    public static let plain = TextStyle(colored: false)

    /// Creates a style.
    public init(colored: Bool) {
        self.colored = colored
    }

    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
