/// A PortSIP collection that numsync manages: where it lives and which fields it has.
///
/// Exclusive numbers are the only one today; `vip_numbers` and the blacklists share the shape,
/// so paths and field lists live here and nowhere else.
public struct ResourceCollection: Sendable, Hashable {
    /// The path under `/api`, e.g. `exclusive_numbers`.
    public var path: String
    /// The key of the collection in desired-state files and reports.
    public var key: String
    /// The fields numsync manages, in wire order.
    public var fields: [Field]

    /// PortSIP's exclusive numbers (`/api/exclusive_numbers`).
    public static let exclusiveNumbers = ResourceCollection(
        path: "exclusive_numbers", key: "exclusive_numbers", fields: [.number, .enabled, .description])
}
