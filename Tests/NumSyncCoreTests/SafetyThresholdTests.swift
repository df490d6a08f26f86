import NumSyncFixtures
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
        #expect(refusal.description.contains("8 updates touch 8 of the 20 exclusive numbers on the server (40 %)"))
        #expect(refusal.description.contains("safety threshold of 30 %"))
        #expect(refusal.description.contains("--force"))
    }

    @Test(
        "the refusal counts what the plan shows, in the plan's words",
        arguments: [
            (1, 0, 0, 0, 0, "1 update touches 1 of the"),
            (2, 0, 0, 2, 0, "2 updates and agent changes on 2 numbers touch 4 of the"),
            (2, 0, 0, 2, 1, "2 updates and agent changes on 2 numbers touch 3 of the"),
            (0, 1, 3, 0, 0, "1 disable and 3 deletes touch 4 of the"),
            (1, 1, 1, 1, 0, "1 update, 1 disable, 1 delete and agent changes on 1 number touch 4 of the"),
            (0, 0, 0, 1, 0, "agent changes on 1 number touch 1 of the"),
        ])
    func refusalCountsWhatThePlanShows(
        updates: Int, disables: Int, deletes: Int, agentNumbers: Int, overlap: Int, expected: String
    ) {
        let refusal = SafetyRefusal(
            touched: updates + disables + deletes + agentNumbers - overlap, serverCount: 12, threshold: .standard,
            list: .exclusiveNumbers, updates: updates, disables: disables, deletes: deletes,
            agentNumbers: agentNumbers, agentNumbersAlsoChanged: overlap)
        #expect(refusal.reason.hasPrefix(expected + " 12 exclusive numbers on the server"), "\(refusal.reason)")
    }

    @Test(
        "the share is shown whole, unless rounding would hide that it is above the threshold",
        arguments: [
            (4, 12, 30, "33 %"), (152, 500, 30, "30.4 %"), (61, 200, 30, "31 %"), (3, 10, 29, "30 %"),
            (1, 3, 33, "33.3 %"),
        ])
    func percentText(touched: Int, serverCount: Int, threshold: Int, expected: String) {
        let refusal = SafetyRefusal(
            touched: touched, serverCount: serverCount, threshold: SafetyThreshold(maxChangePercent: threshold),
            list: .vipNumbers, updates: touched)
        #expect(refusal.percentText == expected)
        #expect(refusal.reason.contains("records of `vip_numbers`"))
    }
}
