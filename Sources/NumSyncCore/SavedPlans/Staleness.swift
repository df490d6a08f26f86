/// A saved plan's change whose premise no longer holds on the server.
public struct Staleness: Sendable, Hashable, CustomStringConvertible {
    /// The number concerned.
    public var number: String
    /// What changed since the plan was made.
    public var reason: String
    /// The list the number is in.
    public var list: PortSIPList

    /// Creates a staleness record.
    public init(number: String, reason: String, in list: PortSIPList) {
        self.number = number
        self.reason = reason
        self.list = list
    }

    /// A staleness record about a change.
    init(_ change: Change, reason: String) {
        self.init(number: change.number, reason: reason, in: change.list)
    }

    /// `"+14155550100": description changed from "a" to "b"`; a number of another list than
    /// exclusive numbers is preceded by its list: `vip_numbers "+1": ...`.
    public var description: String {
        "\(list.messageQualifier)\(number.quotedForDisplay): \(reason)"
    }

    /// Runs a check list by list, on each list's changes of records, and puts the results in
    /// order. Changes of relations rest on what the relation holds, which the lists do not show:
    /// they are checked against the relation itself.
    static func byList(_ changes: [Change], _ check: ([Change], PortSIPList) -> [Staleness]) -> [Staleness] {
        PortSIPList.all.flatMap { list -> [Staleness] in
            let own = changes.filter { $0.isRecordChange && $0.list.key == list.key }
            return own.isEmpty ? [] : check(own, list)
        }
    }

    /// Checks a saved plan's changes against what the server holds now in each list (by key).
    public static func check(_ changes: [Change], against observed: [String: [ObservedRecord]]) -> [Staleness] {
        byList(changes) { check($0, against: observed[$1.key] ?? []) }
    }

    /// Checks every change of a saved plan against what the server holds now.
    ///
    /// A create is stale when the number now exists; any other change when its record is
    /// gone or any managed field differs from what the plan was computed from, and a change
    /// on an extra copy of a duplicated number also when the copy it keeps is gone or changed.
    public static func check(_ changes: [Change], against observed: [ObservedRecord]) -> [Staleness] {
        let listing = ServerListing(observed)
        let byID = listing.recordsByID()
        var stale: [Staleness] = []
        for change in changes {
            if change.action == .create {
                let count = listing.copyCount(of: change.number)
                if count > 0 {
                    stale.append(
                        Staleness(
                            change,
                            reason: "planned as a create, but the server now holds it"
                                + (count > 1 ? " \(count) times" : "")))
                }
                continue
            }
            guard let id = change.id, let planned = change.observed else {
                stale.append(Staleness(change, reason: "the saved plan does not say which record"))
                continue
            }
            if let current = byID[ExactText(id)] {
                if let differences = differences(from: planned, to: current, in: change.list) {
                    stale.append(Staleness(change, reason: differences))
                }
            } else {
                stale.append(Staleness(change, reason: "record \(id) is no longer on the server"))
            }
            guard let kept = change.keeps else { continue }
            if let current = byID[ExactText(kept.id)] {
                if let differences = differences(from: kept, to: current, in: change.list) {
                    stale.append(
                        Staleness(
                            change,
                            reason: "record \(kept.id), the copy this \(change.action.rawValue) keeps, changed: "
                                + differences))
                }
            } else {
                stale.append(
                    Staleness(
                        change,
                        reason: "record \(kept.id), the copy this \(change.action.rawValue) keeps, "
                            + "is no longer on the server"))
            }
        }
        return stale.sorted {
            $0.number.isByteEqual(to: $1.number)
                ? $0.reason.precedesByBytes($1.reason) : $0.number.precedesByBytes($1.number)
        }
    }

    /// `enabled changed from true to false, ...`, or nil when every managed field is the same.
    private static func differences(
        from planned: ObservedRecord, to current: ObservedRecord, in list: PortSIPList
    ) -> String? {
        let differences = list.fields.compactMap { field -> String? in
            let before = planned[field]
            let now = current[field]
            return before == now ? nil : "\(field.rawValue) changed from \(before) to \(now)"
        }
        return differences.isEmpty ? nil : differences.joined(separator: ", ")
    }
}
