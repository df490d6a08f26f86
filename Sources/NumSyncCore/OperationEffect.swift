/// Checks that operations took effect: what `apply --plan` verifies after applying a saved plan.
public enum OperationEffect {
    /// The operations whose intended result is not what the server holds now.
    public static func unmet(_ operations: [Change], in observed: [String: [ObservedNumber]]) -> [Staleness] {
        Staleness.byList(operations) { unmet($0, in: observed[$1.key] ?? []) }
    }

    /// The same for changes to one list, against its records.
    public static func unmet(_ operations: [Change], in observed: [ObservedNumber]) -> [Staleness] {
        let listing = ServerListing(observed)
        let byID = listing.recordsByID()
        var unmet: [Staleness] = []
        for operation in operations {
            switch operation.action {
            case .create:
                let copies = listing.copyCount(of: operation.number)
                if copies == 0 {
                    unmet.append(Staleness(operation, reason: "still missing from the server"))
                } else if copies > 1 {
                    unmet.append(Staleness(operation, reason: "now held \(copies) times on the server"))
                }
            case .update, .disable:
                guard let id = operation.id, let current = byID[ExactText(id)] else {
                    unmet.append(Staleness(operation, reason: "record is gone from the server"))
                    continue
                }
                for assignment in operation.assignments
                where !assignment.field.matches(current[assignment.field], assignment.value) {
                    unmet.append(
                        Staleness(
                            operation,
                            reason: "\(assignment.field.rawValue) is \(current[assignment.field]), "
                                + "expected \(assignment.value)"))
                }
            case .delete:
                if let id = operation.id, byID[ExactText(id)] != nil {
                    unmet.append(Staleness(operation, reason: "record \(id) is still on the server"))
                }
            }
        }
        return unmet
    }
}
