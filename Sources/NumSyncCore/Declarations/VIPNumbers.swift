// PortSIP's VIP numbers (Contact Center > VIP numbers), declared once.

extension PortSIPList {
    /// PortSIP's VIP numbers (`/api/vip_numbers`): callers placed at the front of every queue of
    /// the tenant. `number` (`[0-9+]`, 1–64), `enabled`, `description` (at most 1,024
    /// characters), `expire_at` (RFC 3339, optional).
    public static let vipNumbers = PortSIPList(
        path: "vip_numbers", key: "vip_numbers", recordName: "VIP number",
        summary: "VIP numbers: callers placed at the front of the queue, matched to the server by `number`.",
        keyField: Field(
            "number", .text(maximumLength: 64), pattern: .digitsAndPlus, updatable: false,
            summary: "The caller's number: 1 to 64 digits and `+`."),
        valueFields: [
            Field(
                "enabled", .bool, default: .bool(true),
                summary: "Whether the caller is put first. Defaults to defaults.enabled."),
            Field(
                "description", .text(maximumLength: 1024),
                summary: "Free text, at most 1,024 characters; omitted or null means empty."),
            Field(
                "expire_at", .timestamp,
                summary: "When the entry stops applying (RFC 3339, e.g. 2027-06-30T23:59:59Z); omitted means never."),
        ],
        disabledBy: "enabled", otherFields: ["address", "longitude", "latitude"])
}
