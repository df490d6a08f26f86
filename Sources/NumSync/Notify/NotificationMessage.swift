import Foundation
import NumSyncCore

/// What a notification says: which command, how it ended, a summary line, the first changes,
/// and the command's JSON document. Rendered per webhook format, bounded in size.
public struct NotificationMessage: Sendable {
    /// How the run ended, as a notification tells it.
    public enum Outcome: String, Sendable {
        /// `drift` found differences.
        case drift
        /// `apply` changed the PBX.
        case applied
        /// Nothing differed or changed.
        case clean
        /// The command failed.
        case failure
    }

    /// `drift` or `apply`.
    public var command: String
    /// How it ended.
    public var outcome: Outcome
    /// Where: the server, or the fleet.
    public var server: String
    /// One line: what happened.
    public var summary: String
    /// The first changes or problems, one line each.
    public var details: [String]
    /// The command's JSON document (drift report, apply report), when there is one.
    public var document: String?

    /// The most detail lines a message carries; the rest are counted.
    public static let detailLimit = 10
    /// The most characters of text a message carries.
    public static let textLimit = 3_000

    /// Creates a message.
    public init(
        command: String, outcome: Outcome, server: String, summary: String, details: [String] = [],
        document: String? = nil
    ) {
        self.command = command
        self.outcome = outcome
        self.server = server
        self.summary = summary
        self.details = details
        self.document = document
    }

    /// The text a chat message shows: a headline, the summary, the first details.
    var text: String {
        let mark = outcome == .failure ? "❌" : outcome == .clean ? "✅" : "⚠️"
        var text = "\(mark) numsync \(command) on \(server): \(summary)"
        let shown = details.prefix(Self.detailLimit)
        for line in shown { text += "\n• " + line }
        if details.count > shown.count { text += "\n… and \(details.count - shown.count) more" }
        if text.count > Self.textLimit { text = String(text.prefix(Self.textLimit - 1)) + "…" }
        return text
    }

    /// The body for a webhook of `format`.
    public func body(for format: Webhook.Format) -> String {
        switch format {
        case .slack:
            return JSONText.object(encoded: [
                ("text", JSONText.string(text)),
                (
                    "blocks",
                    "["
                        + JSONText.object(encoded: [
                            ("type", JSONText.string("section")),
                            (
                                "text",
                                JSONText.object(encoded: [
                                    ("type", JSONText.string("mrkdwn")), ("text", JSONText.string(text)),
                                ])
                            ),
                        ]) + "]"
                ),
            ])
        case .teams:
            return JSONText.object(encoded: [
                ("@type", JSONText.string("MessageCard")),
                ("@context", JSONText.string("https://schema.org/extensions")),
                ("summary", JSONText.string("numsync \(command): \(summary)")),
                (
                    "themeColor",
                    JSONText.string(outcome == .failure ? "D13438" : outcome == .clean ? "2EB886" : "FFB900")
                ),
                ("text", JSONText.string(text.replacingOccurrences(of: "\n", with: "\n\n"))),
            ])
        case .json:
            // The document is bounded like the text: a report of 100,000 changes is not posted whole.
            let bounded = document.flatMap { $0.utf8.count <= 256 * 1024 ? $0 : nil }
            return JSONText.object(
                encoded: [
                    ("kind", JSONText.string("numsync_notification")), ("command", JSONText.string(command)),
                    ("outcome", JSONText.string(outcome.rawValue)), ("server", JSONText.string(server)),
                    ("summary", JSONText.string(summary)),
                    (
                        "details",
                        "[" + details.prefix(Self.detailLimit).map(JSONText.string).joined(separator: ",") + "]"
                    ),
                ] + (bounded.map { [("document", $0)] } ?? []))
        }
    }
}

extension JSONText {
    /// `{"a":1,"b":"x"}` from keys and already encoded values, in the order given.
    static func object(encoded pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
