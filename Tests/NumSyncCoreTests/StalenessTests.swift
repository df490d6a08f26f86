import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Staleness of saved plans")
struct StalenessTests {
    let planned = plan(
        [wanted("+1"), wanted("+2", "new")], [held("+2", "old"), held("+9")], unmanaged: .delete)

    @Test("an unchanged server leaves the plan fresh")
    func unchangedServerIsFresh() {
        #expect(Staleness.check(planned.changes, against: [held("+2", "old"), held("+9")]).isEmpty)
    }

    @Test("a number planned as a create that now exists is stale")
    func createdMeanwhile() {
        let stale = Staleness.check(planned.changes, against: [held("+1"), held("+2", "old"), held("+9")])
        #expect(stale.map(\.number) == ["+1"])
        #expect(stale[0].reason.contains("now holds it"))
    }

    @Test("a changed field names the field and both values")
    func fieldChanged() {
        let stale = Staleness.check(planned.changes, against: [held("+2", "edited by hand"), held("+9")])
        #expect(stale.map(\.description) == [#""+2": description changed from "old" to "edited by hand""#])
    }

    @Test("a record that is gone is stale")
    func recordGone() {
        let stale = Staleness.check(planned.changes, against: [held("+2", "old")])
        #expect(stale.map(\.number) == ["+9"])
        #expect(stale[0].reason.contains("no longer on the server"))
    }
}

@Suite("Staleness of changes on duplicate copies")
struct DuplicateStalenessTests {
    let kept = held("+1", id: "A", created: "2026-01-01T00:00:00Z")
    let extra = held("+1", id: "B", created: "2026-02-01T00:00:00Z")

    var planned: ListPlan { plan([wanted("+1")], [kept, extra], unmanaged: .delete) }

    @Test("deleting an extra copy is fresh while the kept copy is there")
    func keptCopyThere() {
        #expect(planned.changes.map(\.id) == ["B"])
        #expect(Staleness.check(planned.changes, against: [kept, extra]).isEmpty)
    }

    @Test("deleting an extra copy is stale once the kept copy is gone: it would remove the number")
    func keptCopyGone() {
        let stale = Staleness.check(planned.changes, against: [extra])
        #expect(
            stale.map(\.description) == [
                #""+1": record A, the copy this delete keeps, is no longer on the server"#
            ])
    }

    @Test("deleting an extra copy is stale once the kept copy holds another number")
    func keptCopyChanged() {
        let renumbered = held("+2", id: "A", created: "2026-01-01T00:00:00Z")
        let stale = Staleness.check(planned.changes, against: [renumbered, extra])
        #expect(
            stale.map(\.reason) == [#"record A, the copy this delete keeps, changed: number changed from "+1" to "+2""#]
        )
    }
}

@Suite("Change effects")
struct ChangeEffectTests {
    @Test("effects are met when the server shows them")
    func effectsMet() {
        let planned = plan(
            [wanted("+1", "a"), wanted("+2", "new")], [held("+2", "old"), held("+9")], unmanaged: .delete)
        let after = [held("+1", id: "n1", "a"), held("+2", "new")]
        #expect(ChangeEffect.unmet(planned.changes, in: after).isEmpty)
    }

    @Test("missing creates, duplicated creates, unapplied updates and surviving deletes are reported")
    func effectsUnmet() {
        let planned = plan(
            [wanted("+1"), wanted("+3"), wanted("+2", "new")], [held("+2", "old"), held("+9")], unmanaged: .delete)
        let after = [held("+3", id: "x"), held("+3", id: "y"), held("+2", "old"), held("+9")]
        let unmet = ChangeEffect.unmet(planned.changes, in: after).map(\.description)
        #expect(
            unmet == [
                #""+1": still missing from the server"#, #""+3": now held 2 times on the server"#,
                #""+2": description is "old", expected "new""#, #""+9": record id-+9 is still on the server"#,
            ])
    }
}
