// PortSIP's call-queue blacklist (the admin UI's "harass numbers"), declared once.

extension PortSIPList {
    /// PortSIP's call-queue blacklist (`/api/call_queue_blacklisted_numbers`): `number`
    /// (`[0-9+]`, 1–64), `level` (`FIRST` warns and lets the caller through, `SECOND` warns and
    /// hangs up; required), `enabled` (default true), `description` (at most 1,024 characters),
    /// `expire_at`. `trigger_times` is counted by the PBX: never planned. Its listing has no
    /// `count`.
    public static let callQueueBlacklistedNumbers = PortSIPList(
        path: "call_queue_blacklisted_numbers", key: "call_queue_blacklisted_numbers",
        recordName: "call-queue blacklisted number",
        summary: "Harass numbers: callers a call queue warns (FIRST) or warns and hangs up on (SECOND).",
        keyField: Field(
            "number", .text(maximumLength: 64), pattern: .digitsAndPlus, updatable: false,
            summary: "The caller's telephone or extension number: 1 to 64 digits and `+`."),
        valueFields: [
            Field(
                "level", .choice(["FIRST", "SECOND"]), required: true,
                summary: "FIRST plays a warning and lets the caller continue; SECOND plays it and hangs up."),
            Field(
                "enabled", .bool, default: .bool(true),
                summary: "Whether the entry applies. Defaults to defaults.enabled."),
            Field(
                "description", .text(maximumLength: 1024),
                summary: "Free text, at most 1,024 characters; omitted or null means empty."),
            Field(
                "expire_at", .timestamp,
                summary: "When the entry stops applying (RFC 3339); omitted means never."),
        ],
        disabledBy: "enabled", otherFields: ["address", "longitude", "latitude", "trigger_times"],
        listingHasCount: false)
}
