import NumSync
import NumSyncCore
import NumSyncFixtures

/// A contact centre's plan with every kind of change, for golden files.
enum RealisticPlan {
    static func location(_ line: Int) -> NumSyncCore.SourceLocation {
        NumSyncCore.SourceLocation(file: "numbers/sales.yaml", line: line, column: 13)
    }

    static let desired = DesiredList(
        numbers: [
            DesiredNumber(number: "+14155550100", description: "Globex — key account", source: location(4)),
            DesiredNumber(number: "+14155550101", enabled: false, description: "Old support line", source: location(7)),
            DesiredNumber(number: "+14155550102", description: "Umbrella | 24/7 *priority*", source: location(10)),
            DesiredNumber(number: "+442071838750", description: "London reseller\nsecond line", source: location(13)),
            DesiredNumber(number: "+4930901820", description: "Berlin partner hotline", source: location(16)),
            DesiredNumber(number: "0049301234567", source: location(19)),
        ], in: .exclusiveNumbers, unmanaged: .disable)

    static let observed = [
        ObservedRecord(
            id: "NzAwMQ==", number: "+14155550101", enabled: true, description: "Support",
            createdAt: "2025-01-01T10:00:00Z"),
        ObservedRecord(
            id: "NzAwMg==", number: "+14155550102", enabled: true, description: "Umbrella | 24/7 *priority*",
            createdAt: "2025-01-02T10:00:00Z"),
        ObservedRecord(
            id: "NzAwMw==", number: "+4930901820", enabled: false, description: "Berlin",
            createdAt: "2025-01-03T10:00:00Z"),
        ObservedRecord(
            id: "NzAwNA==", number: "0049301234567", enabled: true, description: "", createdAt: "2025-01-04T10:00:00Z"),
        ObservedRecord(
            id: "NzAwNQ==", number: "0049301234567", enabled: true, description: "copy",
            createdAt: "2025-02-04T10:00:00Z"),
        ObservedRecord(
            id: "NzAwNg==", number: "+18005550199", enabled: true, description: "Toll-free trial",
            createdAt: "2025-01-05T10:00:00Z"),
        ObservedRecord(
            id: "NzAwNw==", number: "+61291234567", enabled: false, description: "Sydney",
            createdAt: "2025-01-06T10:00:00Z"),
    ]

    static var plan: Plan {
        Plan(lists: [ListPlan(desired: desired, observed: observed, policy: PlanPolicy(for: desired))])
    }

    static let context = PlanContext(
        server: "https://pbx.example.com:8887", files: ["numbers/sales.yaml"],
        digest: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", desiredCount: 6)

    /// `count` creates and as many updates, for size limits.
    static func large(_ count: Int) -> Plan {
        let desired = DesiredList(
            numbers: (0..<count * 2).map {
                DesiredNumber(
                    number: "+1555\(100_000 + $0)", description: "Line \($0) with a longer description",
                    source: NumSyncCore.SourceLocation(file: "big.yaml", line: $0 * 2 + 3, column: 13))
            }, in: .exclusiveNumbers)
        let observed = (0..<count).map {
            ObservedRecord(
                id: "id\($0)", number: "+1555\(100_000 + count + $0)", enabled: true, description: "old \($0)")
        }
        return Plan(lists: [ListPlan(desired: desired, observed: observed, policy: PlanPolicy(unmanaged: .ignore))])
    }
}
