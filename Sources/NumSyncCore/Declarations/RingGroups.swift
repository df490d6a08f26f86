// PortSIP's ring groups, declared once: numsync reads them (to find a ring group by its
// extension number) and never creates or deletes them. Not one of the managed lists in
// `PortSIPList.all`.

extension PortSIPList {
    /// PortSIP's ring groups (`/api/ring_groups`), as their listing shows them: matched by
    /// `extension_number`, with `name` and `ring_strategy`.
    public static let ringGroups = PortSIPList(
        path: "ring_groups", key: "ring_groups", recordName: "ring group",
        summary: "Ring groups, matched by their extension number. Read only.",
        keyField: Field(
            "extension_number", .text(maximumLength: 64), pattern: .digitsAndPlus, updatable: false,
            summary: "The ring group's extension number."),
        valueFields: [
            Field("name", .text(maximumLength: 256), updatable: false, summary: "The ring group's name (not unique)."),
            Field(
                "ring_strategy", .text(maximumLength: 64), updatable: false,
                summary: "How the ring group rings its members."),
        ], relations: [.ringGroupMembers])
}
