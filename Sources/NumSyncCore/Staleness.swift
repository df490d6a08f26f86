/// A saved plan's operation whose premise no longer holds on the server.
public struct Staleness: Sendable, Hashable, CustomStringConvertible {
    /// The number concerned.
    public var number: String
    /// What changed since the plan was made.
    public var reason: String

    /// Creates a staleness record.
    public init(number: String, reason: String) {
        self.number = number
        self.reason = reason
    }

    /// `"+14155550100": description changed from "a" to "b"`.
    public var description: String { "\(number.quotedForDisplay): \(reason)" }

    /// Checks every operation of a saved plan against what the server holds now.
    ///
    /// A create is stale when the number now exists; any other operation when its record is
    /// gone or any managed field differs from what the plan was computed from.
    public static func check(_ operations: [Operation], against observed: [ObservedNumber]) -> [Staleness] {
        var byID: [String: ObservedNumber] = [:]
        var numbers: [String: Int] = [:]
        for record in observed {
            byID[record.id] = record
            numbers[record.number, default: 0] += 1
        }
        var stale: [Staleness] = []
        for operation in operations {
            if operation.action == .create {
                if let count = numbers[operation.number] {
                    stale.append(
                        Staleness(
                            number: operation.number,
                            reason: "planned as a create, but the server now holds it"
                                + (count > 1 ? " \(count) times" : "")))
                }
                continue
            }
            guard let id = operation.id, let planned = operation.observed else {
                stale.append(Staleness(number: operation.number, reason: "the saved plan does not say which record"))
                continue
            }
            guard let current = byID[id] else {
                stale.append(Staleness(number: operation.number, reason: "record \(id) is no longer on the server"))
                continue
            }
            let differences = Field.allCases.compactMap { field -> String? in
                let before = planned.record[field]
                let now = current.record[field]
                return before == now ? nil : "\(field.rawValue) changed from \(before) to \(now)"
            }
            if !differences.isEmpty {
                stale.append(Staleness(number: operation.number, reason: differences.joined(separator: ", ")))
            }
        }
        return stale.sorted { ($0.number, $0.reason) < ($1.number, $1.reason) }
    }
}
