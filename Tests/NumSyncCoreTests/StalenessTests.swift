import Testing

@testable import NumSyncCore

@Suite("Staleness of saved plans")
struct StalenessTests {
    let planned = plan(
        [wanted("+1"), wanted("+2", "new")], [held("+2", "old"), held("+9")], unmanaged: .delete)

    @Test("an unchanged server leaves the plan fresh")
    func unchangedServerIsFresh() {
        #expect(Staleness.check(planned.operations, against: [held("+2", "old"), held("+9")]).isEmpty)
    }

    @Test("a number planned as a create that now exists is stale")
    func createdMeanwhile() {
        let stale = Staleness.check(planned.operations, against: [held("+1"), held("+2", "old"), held("+9")])
        #expect(stale.map(\.number) == ["+1"])
        #expect(stale[0].reason.contains("now holds it"))
    }

    @Test("a changed field names the field and both values")
    func fieldChanged() {
        let stale = Staleness.check(planned.operations, against: [held("+2", "edited by hand"), held("+9")])
        #expect(stale.map(\.description) == [#""+2": description changed from "old" to "edited by hand""#])
    }

    @Test("a record that is gone is stale")
    func recordGone() {
        let stale = Staleness.check(planned.operations, against: [held("+2", "old")])
        #expect(stale.map(\.number) == ["+9"])
        #expect(stale[0].reason.contains("no longer on the server"))
    }
}

@Suite("Operation effects")
struct OperationEffectTests {
    @Test("effects are met when the server shows them")
    func effectsMet() {
        let planned = plan(
            [wanted("+1", "a"), wanted("+2", "new")], [held("+2", "old"), held("+9")], unmanaged: .delete)
        let after = [held("+1", id: "n1", "a"), held("+2", "new")]
        #expect(OperationEffect.unmet(planned.operations, in: after).isEmpty)
    }

    @Test("missing creates, duplicated creates, unapplied updates and surviving deletes are reported")
    func effectsUnmet() {
        let planned = plan(
            [wanted("+1"), wanted("+3"), wanted("+2", "new")], [held("+2", "old"), held("+9")], unmanaged: .delete)
        let after = [held("+3", id: "x"), held("+3", id: "y"), held("+2", "old"), held("+9")]
        let unmet = OperationEffect.unmet(planned.operations, in: after).map(\.description)
        #expect(
            unmet == [
                #""+1": still missing from the server"#, #""+3": now held 2 times on the server"#,
                #""+2": description is "old", expected "new""#, #""+9": record id-+9 is still on the server"#,
            ])
    }
}
