import Testing

@testable import NumSyncCore

@Suite("Safety threshold")
struct SafetyThresholdTests {
    /// A plan touching `touched` of `serverCount` numbers (by updating descriptions) plus `creates`.
    func plan(serverCount: Int, touched: Int, creates: Int = 0) -> ListPlan {
        let observed = (0..<serverCount).map { held("+\($0)", "old") }
        let desired =
            (0..<serverCount).map { wanted("+\($0)", $0 < touched ? "new" : "old") }
            + (0..<creates).map { wanted("+new\($0)") }
        return NumSyncCoreTests.plan(desired, observed)
    }

    @Test(
        "refuses above 30 % of at least 10 numbers, at the edges",
        arguments: [
            (9, 9, false),  // fewer than 10 numbers: no guard
            (10, 3, false),  // exactly 30 %: allowed
            (10, 4, true),  // 40 %: refused
            (100, 30, false),
            (100, 31, true),
            (1000, 300, false),
            (1000, 301, true),
        ])
    func refusesAboveThreshold(serverCount: Int, touched: Int, refused: Bool) {
        let refusal = SafetyThreshold.standard.refusal(of: plan(serverCount: serverCount, touched: touched))
        #expect((refusal != nil) == refused)
        if let refusal {
            #expect(refusal.touched == touched)
            #expect(refusal.serverCount == serverCount)
        }
    }

    @Test("creates never count against the threshold")
    func createsDoNotCount() {
        #expect(SafetyThreshold.standard.refusal(of: plan(serverCount: 10, touched: 0, creates: 500)) == nil)
    }

    @Test("deletes and disables count like updates")
    func deletesCount() {
        let observed = (0..<10).map { held("+\($0)") }
        let deleting = ListPlan(desired: state([]), observed: observed, policy: PlanPolicy(unmanaged: .delete))
        #expect(SafetyThreshold.standard.refusal(of: deleting)?.touched == 10)
        let disabling = ListPlan(desired: state([]), observed: observed, policy: PlanPolicy(unmanaged: .disable))
        #expect(SafetyThreshold.standard.refusal(of: disabling)?.touched == 10)
    }

    @Test("--max-change-percent tunes it")
    func percentIsTunable() {
        let touching = plan(serverCount: 10, touched: 5)
        #expect(SafetyThreshold(maxChangePercent: 50).refusal(of: touching) == nil)
        #expect(SafetyThreshold(maxChangePercent: 49).refusal(of: touching) != nil)
        #expect(SafetyThreshold(maxChangePercent: 0).refusal(of: plan(serverCount: 10, touched: 1)) != nil)
    }

    @Test("the refusal says how many, of how many, and which threshold")
    func refusalExplains() {
        let refusal = SafetyThreshold.standard.refusal(of: plan(serverCount: 20, touched: 8))!
        #expect(refusal.description.contains("8 of the 20 numbers"))
        #expect(refusal.description.contains("40.0 %"))
        #expect(refusal.description.contains("safety threshold of 30 %"))
        #expect(refusal.description.contains("--force"))
    }
}
