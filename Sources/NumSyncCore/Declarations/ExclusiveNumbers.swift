// PortSIP's exclusive numbers (Contact Center > Exclusive Agent), declared once. Everything
// else numsync knows about them it reads from this declaration.

extension PortSIPList {
    /// PortSIP's exclusive numbers (`/api/exclusive_numbers`): `number` (1–64 characters, no
    /// pattern), `enabled` (default true), `description` (at most 1,024 characters).
    public static let exclusiveNumbers = PortSIPList(
        path: "exclusive_numbers", key: "exclusive_numbers", recordName: "exclusive number",
        summary: "The exclusive (caller) numbers, matched to the server by `number`.",
        keyField: Field(
            "number", .text(maximumLength: 64), updatable: false,
            summary: "The telephone number, exactly as PortSIP holds it (1 to 64 characters, no surrounding spaces)."),
        valueFields: [
            Field(
                "enabled", .bool, default: .bool(true),
                summary:
                    "Whether calls from this number go to the queue's exclusive agents. Defaults to defaults.enabled."),
            Field(
                "description", .text(maximumLength: 1024),
                summary: "Free text, at most 1,024 characters; omitted or null means empty."),
        ],
        disabledBy: "enabled", isPrimary: true, relations: [.exclusiveAgents])
}
