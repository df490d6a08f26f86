/// Puts the examples of a command's help at its end, where people look for them (the
/// commands write them as the last paragraph of their discussion, which ArgumentParser prints
/// first; the manual pages keep them there).
enum HelpLayout {
    /// `text` with its `Example:` paragraph moved to an `EXAMPLES:` section at the end; text
    /// without one is returned as it is.
    static func examplesLast(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0 == "Example:" || $0 == "Examples:" }) else { return text }
        var end = start + 1
        while end < lines.count, !lines[end].isEmpty { end += 1 }
        let examples = lines[(start + 1)..<end]
        // The paragraph and the blank line after it.
        lines.removeSubrange(start..<min(end + 1, lines.count))
        while lines.last == "" { lines.removeLast() }
        return (lines + ["", "EXAMPLES:"] + examples).joined(separator: "\n") + "\n"
    }
}
