// PortSIP's number blacklist (Security > Number blacklist), declared once.

extension PortSIPList {
    /// PortSIP's number blacklist (`/api/blacklisted_numbers`): calls from these numbers are
    /// silently rejected. `number` (1–64: an optional `+`, then letters and digits),
    /// `description` (at most **255** characters), `expire_at`. It has no `enabled`, so its
    /// unmanaged records can be ignored or deleted, not disabled.
    public static let blacklistedNumbers = PortSIPList(
        path: "blacklisted_numbers", key: "blacklisted_numbers", recordName: "blacklisted number",
        summary: "The number blacklist: calls from these numbers are silently rejected.",
        keyField: Field(
            "number", .text(maximumLength: 64), pattern: .plusThenAlphanumerics, updatable: false,
            summary: "The caller's number: 1 to 64 characters, an optional `+` then letters and digits."),
        valueFields: [
            Field(
                "description", .text(maximumLength: 255),
                summary: "Free text, at most 255 characters; omitted or null means empty."),
            Field(
                "expire_at", .timestamp,
                summary: "When the entry stops applying (RFC 3339); omitted means never."),
        ],
        createdStatus: 201)
}
