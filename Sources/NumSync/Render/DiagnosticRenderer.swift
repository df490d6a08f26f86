import NumSyncCore

/// Renders diagnostics the compiler way, as JSON, or as GitHub Actions annotations.
public enum DiagnosticRenderer {
    /// `file:line:col: error: message` lines, each followed by its notes.
    public static func text(_ diagnostics: [Diagnostic], style: TextStyle = .plain) -> String {
        var out = ""
        for diagnostic in diagnostics {
            let place = diagnostic.location.map { "\($0): " } ?? ""
            let label = diagnostic.severity == .error ? style.red("error:") : style.yellow("warning:")
            out += style.bold(place) + label + " " + diagnostic.message + "\n"
            for note in diagnostic.notes {
                out +=
                    style.bold(note.location.map { "\($0): " } ?? "") + style.dim("note:") + " " + note.message + "\n"
            }
        }
        return out
    }

    /// `::error file=...,line=...,col=...::message` for GitHub Actions.
    public static func githubAnnotations(_ diagnostics: [Diagnostic]) -> String {
        var out = ""
        for diagnostic in diagnostics {
            var properties: [String] = []
            if let location = diagnostic.location {
                properties = [
                    "file=\(escapeProperty(location.file))", "line=\(location.line)", "col=\(location.column)",
                ]
            }
            let kind = diagnostic.severity == .error ? "error" : "warning"
            let props = properties.isEmpty ? "" : " " + properties.joined(separator: ",")
            var message = diagnostic.message
            for note in diagnostic.notes {
                message += "\n" + (note.location.map { "\($0): " } ?? "") + "note: " + note.message
            }
            out += "::\(kind)\(props)::\(escapeData(message))\n"
        }
        return out
    }

    /// A JSON list of diagnostics.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        struct Entry: Encodable {
            var severity: String
            var file: String?
            var line: Int?
            var column: Int?
            var message: String
            var notes: [Note]
        }
        struct Note: Encodable {
            var file: String?
            var line: Int?
            var column: Int?
            var message: String
        }
        return JSONOutput.encode(
            diagnostics.map { diagnostic in
                Entry(
                    severity: diagnostic.severity.rawValue, file: diagnostic.location?.file,
                    line: diagnostic.location?.line, column: diagnostic.location?.column, message: diagnostic.message,
                    notes: diagnostic.notes.map {
                        Note(
                            file: $0.location?.file, line: $0.location?.line, column: $0.location?.column,
                            message: $0.message)
                    })
            })
    }

    private static func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    private static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }
}
