import Foundation
import NumSyncCore

/// Renders what `numsync doctor` found: the PBX, the account, a table of the lists, warnings,
/// and the verdict; or the same as JSON.
public enum DiagnosisRenderer {
    /// The text report, ending with a newline.
    public static func text(_ diagnosis: Diagnosis) -> String {
        func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "unknown" }
        var out = "numsync doctor: \(diagnosis.server)\n"
        out += "  PBX version   \(diagnosis.version ?? "unknown (the PBX does not say)")\n"
        out += "  account       \(diagnosis.role ?? "unknown role")"
        out += diagnosis.capabilitiesKnown ? ", permissions as the PBX states them\n" : ", permissions not stated\n"
        out +=
            "  pacing        \(diagnosis.pacePerMinute.map { "\($0.formattedWithSeparators) requests a minute" } ?? "none")\n"
        out += "  server clock  \(diagnosis.clockSkewSeconds.map(Self.skew) ?? "unknown (no Date header)")\n"
        out += "  connection    "
        if let certificate = diagnosis.certificate {
            out += "HTTPS, certificate issued by \(certificate.issuer), expires \(Self.day(certificate.notValidAfter))"
            out += diagnosis.certificateDaysLeft.map { " (in \($0.formattedWithSeparators) days)" } ?? ""
            out += "\n"
        } else {
            out += diagnosis.plainHTTP ? "plain HTTP\n" : "HTTPS\n"
        }
        let header = ["list", "listed", "records", "paging", "ids", "read", "write"]
        let rows = diagnosis.lists.map { list -> [String] in
            guard let probe = list.probe else {
                return [list.list.key, "no", "-", "-", "-", yesNo(list.mayRead), yesNo(list.mayWrite)]
            }
            return [
                list.list.key, "yes", probe.count.map(\.formattedWithSeparators) ?? "no count",
                probe.honoursPaging ? "top honoured" : "top ignored", probe.idFormat, yesNo(list.mayRead),
                yesNo(list.mayWrite),
            ]
        }
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        out += "\n"
        for row in [header] + rows {
            out +=
                "  "
                + row.enumerated().map { $0.element.padding(to: widths[$0.offset]) }.joined(separator: "  ")
                .trimmingTrailingSpaces() + "\n"
        }
        out += "\n"
        for warning in diagnosis.warnings { out += "warning: \(warning)\n" }
        let problems = diagnosis.problems
        if problems.isEmpty {
            out += "numsync can plan and apply here.\n"
        } else {
            out += "numsync cannot work fully here:\n" + problems.map { "  \($0)\n" }.joined()
        }
        return out
    }

    /// The JSON report: pretty, keys sorted.
    public static func json(_ diagnosis: Diagnosis) -> String {
        struct Document: Encodable {
            struct List: Encodable {
                var list: String
                var listed: Bool
                var error: String?
                var count: Int?
                var honours_paging: Bool?
                var id_format: String?
                var may_read: Bool?
                var may_write: Bool?
            }
            var kind = "doctor"
            var server: String
            var server_version: String?
            var role: String?
            var capabilities_known: Bool
            var pace_per_minute: Int?
            var clock_skew_seconds: Int?
            var plain_http: Bool
            var tls_issuer: String?
            var tls_expires_at: String?
            var tls_days_left: Int?
            var lists: [List]
            var warnings: [String]
            var problems: [String]
            var can_apply: Bool
        }
        let document = Document(
            server: diagnosis.server, server_version: diagnosis.version, role: diagnosis.role,
            capabilities_known: diagnosis.capabilitiesKnown, pace_per_minute: diagnosis.pacePerMinute,
            clock_skew_seconds: diagnosis.clockSkewSeconds, plain_http: diagnosis.plainHTTP,
            tls_issuer: diagnosis.certificate?.issuer,
            tls_expires_at: diagnosis.certificate.map { day($0.notValidAfter) },
            tls_days_left: diagnosis.certificateDaysLeft,
            lists: diagnosis.lists.map {
                Document.List(
                    list: $0.list.key, listed: $0.probe != nil, error: $0.error.map(\.description),
                    count: $0.probe?.count, honours_paging: $0.probe?.honoursPaging, id_format: $0.probe?.idFormat,
                    may_read: $0.mayRead, may_write: $0.mayWrite)
            }, warnings: diagnosis.warnings, problems: diagnosis.problems, can_apply: diagnosis.problems.isEmpty)
        return JSONOutput.encode(document)
    }

    /// `2126-11-05`: a day in UTC.
    private static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    private static func skew(_ seconds: Int) -> String {
        // A `Date` header has whole seconds: a second either way is no difference.
        abs(seconds) <= 1
            ? "in step with this machine (within a second)"
            : "\(abs(seconds)) s \(seconds > 0 ? "ahead of" : "behind") this machine"
    }
}

extension String {
    /// The string without spaces at its end.
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
