import NumSyncCore

/// Builds Markdown for pull-request comments within a size limit: sections are tables inside
/// `<details>`, and rows that do not fit become one "N more" line.
struct MarkdownDocument {
    /// GitHub refuses comments over 65,536 characters; stay well below.
    static let limit = 60_000

    private(set) var text = ""
    private var omitted = 0
    private let limit: Int
    /// Room kept for closing tags and the final "more" line.
    private let reserve = 600

    init(limit: Int = MarkdownDocument.limit) {
        self.limit = limit
    }

    mutating func append(_ line: String) {
        text += line
    }

    /// A collapsible table; rows that would pass the limit are counted instead of written.
    mutating func table(summary: String, header: [String], rows: [[String]], open: Bool = false) {
        guard !rows.isEmpty else { return }
        var section = "<details\(open ? " open" : "")><summary>\(summary)</summary>\n\n"
        section += "| " + header.joined(separator: " | ") + " |\n"
        section += "|" + String(repeating: " --- |", count: header.count) + "\n"
        guard text.utf8.count + section.utf8.count + reserve < limit else {
            omitted += rows.count
            return
        }
        text += section
        for (index, row) in rows.enumerated() {
            let line = "| " + row.joined(separator: " | ") + " |\n"
            if text.utf8.count + line.utf8.count + reserve >= limit {
                omitted += rows.count - index
                break
            }
            text += line
        }
        text += "\n</details>\n\n"
    }

    /// The document, with a "N more" line if rows were left out.
    func finished(more noun: String) -> String {
        guard omitted > 0 else { return text }
        return text
            + "_… and \(omitted.formattedWithSeparators) more \(noun) not shown here; "
            + "run the command locally or use `--format json` for the full list._\n"
    }

    /// Text safe inside a table cell: pipes escaped, line breaks shown as `<br>`, HTML neutralised,
    /// hidden characters written as `\u{200b}`.
    static func cell(_ text: String) -> String {
        guard !text.isEmpty else { return "" }
        var out = ""
        for character in text.escapingHiddenCharacters {
            switch character {
            case "|": out += "\\|"
            case "\n", "\r\n": out += "<br>"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "`": out += "\\`"
            case "*", "_", "[", "]", "\\": out += "\\" + String(character)
            default: out.append(character)
            }
        }
        return out
    }

    /// A value as inline code, safe in a table, hidden characters written as `\u{200b}`.
    static func code(_ text: String) -> String {
        let escaped = text.escapingHiddenCharacters.replacingAll("|", with: "\\|").replacingAll("\n", with: "␤")
            .replacingAll("`", with: "'")
        return "`" + escaped + "`"
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
