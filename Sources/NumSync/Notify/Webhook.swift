import NumSyncCore

/// Where a notification goes: a webhook whose URL is a secret, held in an environment variable
/// the command line names (never the URL itself), and the format it takes.
public struct Webhook: Sendable {
    /// The formats a webhook may take.
    public enum Format: String, Sendable, CaseIterable {
        /// Slack's incoming webhooks (and Mattermost, Rocket.Chat): `text` and `blocks`.
        case slack
        /// A Microsoft Teams incoming webhook: a message card.
        case teams
        /// numsync's own JSON: the event, its summary and the command's document.
        case json
    }

    /// The variable it was read from, for messages (never the URL).
    public var name: String
    /// The format.
    public var format: Format
    /// The URL.
    public var url: Secret

    /// Reads the webhook the variable `name` holds: a URL, or a format and a colon before it
    /// (`slack:https://hooks.slack.com/...`); `defaultFormat` (`NUMSYNC_NOTIFY_FORMAT`) or JSON
    /// otherwise. Returns why it cannot be used instead, in words that never repeat the value.
    public static func read(_ name: String, value: String?, defaultFormat: String?) -> Result<Webhook, Problem> {
        guard let value, !value.isEmpty else { return .failure(Problem("\(name) is not set or empty")) }
        var format = Format(rawValue: defaultFormat?.lowercased() ?? "") ?? .json
        if let defaultFormat, !defaultFormat.isEmpty, Format(rawValue: defaultFormat.lowercased()) == nil {
            return .failure(Problem("NUMSYNC_NOTIFY_FORMAT must be slack, teams or json"))
        }
        var url = value
        for candidate in Format.allCases where value.hasPrefix(candidate.rawValue + ":") {
            format = candidate
            url = String(value.dropFirst(candidate.rawValue.count + 1))
        }
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            return .failure(Problem("\(name) does not hold an http(s) URL (optionally after slack:, teams: or json:)"))
        }
        return .success(Webhook(name: name, format: format, url: Secret(url)))
    }

    /// Why a webhook cannot be used; never holds its URL.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
