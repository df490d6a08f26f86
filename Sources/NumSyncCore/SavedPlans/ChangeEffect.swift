/// Checks that changes took effect: what `apply --plan` verifies after applying a saved plan.
public enum ChangeEffect {
    /// The changes whose intended result is not what the server holds now.
    public static func unmet(_ changes: [Change], in observed: [String: [ObservedRecord]]) -> [Staleness] {
        Staleness.byList(changes) { unmet($0, in: observed[$1.key] ?? []) }
    }

    /// The same for changes to one list, against its records.
    public static func unmet(_ changes: [Change], in observed: [ObservedRecord]) -> [Staleness] {
        let listing = ServerListing(observed)
        let byID = listing.recordsByID()
        var unmet: [Staleness] = []
        for change in changes {
            switch change.action {
            case .create:
                let copies = listing.copyCount(of: change.number)
                if copies == 0 {
                    unmet.append(Staleness(change, reason: "still missing from the server"))
                } else if copies > 1 {
                    unmet.append(Staleness(change, reason: "now held \(copies) times on the server"))
                }
            case .update, .disable:
                guard let id = change.id, let current = byID[ExactText(id)] else {
                    unmet.append(Staleness(change, reason: "record is gone from the server"))
                    continue
                }
                for assignment in change.assignments
                where !assignment.field.matches(current[assignment.field], assignment.value) {
                    unmet.append(
                        Staleness(
                            change,
                            reason: "\(assignment.field.rawValue) is \(current[assignment.field]), "
                                + "expected \(assignment.value)"))
                }
            case .delete:
                if let id = change.id, byID[ExactText(id)] != nil {
                    unmet.append(Staleness(change, reason: "record \(id) is still on the server"))
                }
            }
        }
        return unmet
    }
}
