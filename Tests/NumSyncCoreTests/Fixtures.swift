import NumSyncFixtures

@testable import NumSyncCore

/// Short ways to write desired and observed numbers in tests.
func wanted(_ number: String, enabled: Bool = true, _ description: String = "", line: Int = 1) -> DesiredNumber {
    DesiredNumber(
        number: number, enabled: enabled, description: description,
        source: NumSyncCore.SourceLocation(file: "numbers.yaml", line: line, column: 13))
}

func held(
    _ number: String, id: String? = nil, enabled: Bool = true, _ description: String = "",
    created: String? = "2026-01-01T00:00:00Z"
) -> ObservedRecord {
    ObservedRecord(
        id: id ?? "id-\(number)", number: number, enabled: enabled, description: description, createdAt: created)
}

func state(_ numbers: [DesiredNumber], unmanaged: UnmanagedPolicy = .ignore) -> DesiredList {
    DesiredList(numbers: numbers, in: .exclusiveNumbers, unmanaged: unmanaged)
}

func plan(_ desired: [DesiredNumber], _ observed: [ObservedRecord], unmanaged: UnmanagedPolicy = .ignore) -> ListPlan {
    ListPlan(desired: state(desired), observed: observed, policy: PlanPolicy(unmanaged: unmanaged))
}

/// `create +1`, `update +2 description`, ... for compact expectations.
func shorthand(_ plan: ListPlan) -> [String] {
    plan.changes.map { change in
        ([change.action.rawValue, change.number] + change.fieldChanges.map(\.field.rawValue))
            .joined(separator: " ")
    }
}
