import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Consistency of saved changes")
struct ChangeConsistencyTests {
    static let record = held("+14155550100", id: "NzAw", enabled: true, "")

    @Test("a planner's changes are consistent, every kind of them")
    func plannedOperationsAreConsistent() {
        let observed = [
            held("+1", id: "a", "old"), held("+2", id: "b", enabled: true), held("+3", id: "c"),
            held("+4", id: "d", created: "2026-01-01T00:00:00Z"), held("+4", id: "e", created: "2026-02-01T00:00:00Z"),
        ]
        for policy in [UnmanagedPolicy.ignore, .disable, .delete] {
            let result = plan([wanted("+1", "new"), wanted("+4"), wanted("+5")], observed, unmanaged: policy)
            #expect(Change.inconsistencies(in: result.changes).isEmpty)
        }
    }

    @Test(
        "a hand-edited change is refused, naming it and what is wrong",
        arguments: [
            // Shows a harmless description change, sends a disable and another text.
            (
                Change(
                    action: .update, list: .exclusiveNumbers, number: "+14155550100", id: "NzAw",
                    assignments: [.init(.enabled, .bool(false)), .init(.description, .string("pwned"))],
                    fieldChanges: [FieldChange(field: .description, before: .string(""), after: .string("New text"))],
                    observed: record),
                #"operations[0] (update "+14155550100"): its changes (description: "" → "New text") are not what it sends to record NzAw (enabled: true → false, description: "" → "pwned")"#
            ),
            (
                Change(
                    action: .update, list: .exclusiveNumbers, number: "+14155550100", id: "NzAw",
                    assignments: [.init(.description, .string("x"))],
                    fieldChanges: [FieldChange(field: .description, before: .string("was"), after: .string("x"))],
                    observed: record),
                #"operations[0] (update "+14155550100"): its changes (description: "was" → "x") are not what it sends to record NzAw (description: "" → "x")"#
            ),
            (
                Change(
                    action: .disable, list: .exclusiveNumbers, number: "+14155550100", id: "NzAw",
                    assignments: [.init(.enabled, .bool(false)), .init(.description, .string("pwned"))],
                    fieldChanges: [FieldChange(field: .enabled, before: .bool(true), after: .bool(false))],
                    observed: record),
                #"operations[0] (disable "+14155550100"): a disable sends exactly enabled: false"#
            ),
            (
                Change(
                    action: .create, list: .exclusiveNumbers, number: String(repeating: "7", count: 70), id: nil,
                    assignments: [
                        .init(.number, .string(String(repeating: "7", count: 70))), .init(.enabled, .bool(true)),
                        .init(.description, .string("")),
                    ]),
                "the number is 70 characters long; PortSIP allows at most 64"
            ),
            (
                Change(
                    action: .create, list: .exclusiveNumbers, number: "+1", id: nil,
                    assignments: [
                        .init(.number, .string("+2")), .init(.enabled, .bool(true)), .init(.description, .string("")),
                    ]),
                #"sends number "+2" but is shown as creating "+1""#
            ),
            (
                Change(
                    action: .create, list: .exclusiveNumbers, number: "+1", id: nil,
                    assignments: [.init(.number, .string("+1"))]),
                "does not send enabled; a create sends every field"
            ),
            (
                Change(
                    action: .update, list: .exclusiveNumbers, number: "+14155550100", id: "NzAw",
                    assignments: [.init(.description, .string(String(repeating: "x", count: 1025)))],
                    fieldChanges: [
                        FieldChange(
                            field: .description, before: .string(""),
                            after: .string(String(repeating: "x", count: 1025)))
                    ], observed: record),
                "sends a description of 1,025 characters; PortSIP allows at most 1,024"
            ),
            (
                Change(
                    action: .delete, list: .exclusiveNumbers, number: "+14155550100", id: "other",
                    assignments: [], observed: record),
                "acts on record other but was computed from record NzAw"
            ),
            (
                Change(
                    action: .delete, list: .exclusiveNumbers, number: "+14155550100", id: "NzAw", assignments: []),
                "does not record the server's values it was computed from"
            ),
            (
                Change(action: .update, list: .exclusiveNumbers, number: "+1\u{202E}0", id: "x", assignments: []),
                "the number contains U+202E RIGHT-TO-LEFT OVERRIDE"
            ),
        ])
    func forgedChangeIsRefused(change: Change, expected: String) {
        let problems = Change.inconsistencies(in: [change]).map(\.description)
        #expect(problems.contains { $0.contains(expected) }, "\(problems)")
        #expect(problems.allSatisfy { $0.hasPrefix("operations[0] (\(change.action.rawValue) ") })
    }

    @Test("the same create twice, a create of a number another change touches, or a record touched twice is refused")
    func operationsMustNotOverlap() {
        let create = Change.create(wanted("+1"), in: .exclusiveNumbers)
        #expect(
            Change.inconsistencies(in: [create, create]).map(\.description) == [
                #"operations[1] (create "+1"): creates the same number as operations[0]"#
            ])
        let delete = Change.delete(held("+1", id: "a"), in: .exclusiveNumbers)
        #expect(
            Change.inconsistencies(in: [create, delete]).map(\.description) == [
                #"operations[1] (delete "+1"): touches a number that operations[0] creates"#
            ])
        let disable = Change.disable(held("+1", id: "a"), in: .exclusiveNumbers)!
        #expect(
            Change.inconsistencies(in: [disable, delete]).map(\.description) == [
                "operations[1] (delete \"+1\"): touches record a again, after operations[0]"
            ])
    }

    @Test("a kept copy may not be deleted by the same plan")
    func keptCopyMustStay() {
        let kept = held("+1", id: "a", created: "2026-01-01T00:00:00Z")
        let extra = held("+1", id: "b", created: "2026-02-01T00:00:00Z")
        let changes = [
            Change.delete(extra, in: .exclusiveNumbers, keeping: kept), Change.delete(kept, in: .exclusiveNumbers),
        ]
        #expect(
            Change.inconsistencies(in: changes).map(\.description) == [
                #"operations[0] (delete "+1"): keeps record a, which operations[1] deletes"#
            ])
    }
}
