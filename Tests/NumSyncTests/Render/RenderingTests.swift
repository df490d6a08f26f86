import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import TestSupport
import Testing

func expectGolden(_ text: String, _ name: String) {
    if let mismatch = Golden.mismatch(text, path: TestPaths.tests + "/NumSyncTests/Golden/" + name) {
        Issue.record(Comment(rawValue: mismatch))
    }
}

@Suite("Rendering plans")
struct PlanRenderingTests {
    @Test("text reads like Terraform's")
    func text() {
        expectGolden(PlanTextRenderer().render(RealisticPlan.plan, context: RealisticPlan.context), "plan.txt")
    }

    @Test("text is coloured only when asked")
    func colour() {
        let coloured = PlanTextRenderer(style: TextStyle(colored: true)).render(
            RealisticPlan.plan, context: RealisticPlan.context)
        #expect(coloured.contains("\u{1B}[32m+ create"))
        #expect(!PlanTextRenderer().render(RealisticPlan.plan, context: RealisticPlan.context).contains("\u{1B}"))
    }

    @Test("an empty plan says there are no changes")
    func noChanges() {
        let empty = Plan(lists: [
            ListPlan(
                desired: DesiredList(numbers: [], in: .exclusiveNumbers), observed: [],
                policy: PlanPolicy(unmanaged: .ignore))
        ])
        expectGolden(PlanTextRenderer().render(empty, context: RealisticPlan.context), "plan-empty.txt")
    }

    @Test(
        "an empty plan over records in no file says there is nothing to apply, that drift reports them and what removes them"
    )
    func noChangesWithUnmanaged() {
        let unmanaged = ObservedRecord(
            id: "NzAwNg==", number: "+18005550199", enabled: true, description: "Toll-free trial",
            createdAt: "2025-01-05T10:00:00Z")
        let plan = Plan(lists: [
            ListPlan(
                desired: DesiredList(numbers: [], in: .exclusiveNumbers), observed: [unmanaged],
                policy: PlanPolicy(unmanaged: .ignore))
        ])
        expectGolden(PlanTextRenderer().render(plan, context: RealisticPlan.context), "plan-unmanaged-ignored.txt")
    }

    @Test("JSON is versioned and stable")
    func json() {
        expectGolden(PlanDocument(plan: RealisticPlan.plan, context: RealisticPlan.context).encoded(), "plan.json")
    }

    @Test(
        "a plan over the safety threshold carries the refusal: a block in text and Markdown, an object in JSON; forced, it says apply goes ahead",
        arguments: [false, true])
    func refusal(forced: Bool) throws {
        let threshold = SafetyThreshold(maxChangePercent: 10, minimumServerCount: 1)
        var context = RealisticPlan.context
        context.refusal = try #require(threshold.refusal(of: RealisticPlan.plan))
        context.forced = forced
        let name = forced ? "plan-forced" : "plan-refused"
        expectGolden(PlanTextRenderer().render(RealisticPlan.plan, context: context), name + ".txt")
        expectGolden(PlanMarkdownRenderer().render(RealisticPlan.plan, context: context), name + ".md")
        expectGolden(PlanDocument(plan: RealisticPlan.plan, context: context).encoded(), name + ".json")
    }

    @Test("Markdown puts the summary first and the tables in <details>")
    func markdown() {
        expectGolden(PlanMarkdownRenderer().render(RealisticPlan.plan, context: RealisticPlan.context), "plan.md")
    }

    @Test("a 5,000-change plan stays under 60,000 characters of Markdown, with an N more line")
    func largeMarkdown() {
        let plan = RealisticPlan.large(2_500)
        #expect(plan.changes.count == 5_000)
        let markdown = PlanMarkdownRenderer().render(plan, context: RealisticPlan.context)
        #expect(markdown.utf8.count < 60_000)
        #expect(markdown.contains("more rows not shown here"))
        #expect(markdown.hasPrefix("### numsync plan: 2,500 to create, 2,500 to update"))
        expectGolden(markdown, "plan-5000.md")
    }

    @Test("descriptions are shown with hidden characters escaped, in text and in Markdown")
    func hiddenCharactersAreEscaped() {
        let trojan = "Sales\u{202E}enilno \u{200B}x"
        let plan = Plan(lists: [
            ListPlan(
                desired: DesiredList(
                    numbers: [
                        DesiredNumber(number: "+1", description: trojan, source: RealisticPlan.location(2))
                    ], in: .exclusiveNumbers),
                observed: [ObservedRecord(id: "a", number: "+1", enabled: true, description: "old\u{2066}")],
                policy: PlanPolicy(unmanaged: .ignore))
        ])
        for rendered in [
            PlanTextRenderer().render(plan, context: RealisticPlan.context),
            PlanMarkdownRenderer().render(plan, context: RealisticPlan.context),
        ] {
            #expect(!rendered.unicodeScalars.contains { [0x202E, 0x200B, 0x2066].contains($0.value) })
            #expect(rendered.contains("u{202e}enilno"))
            #expect(rendered.contains("u{2066}"))
        }
    }

    @Test("a saved plan reads back into exactly the same changes")
    func savedPlanRoundTrip() throws {
        let text = PlanDocument(plan: RealisticPlan.plan, context: RealisticPlan.context).encoded()
        let document = try PlanDocument.decode(Array(text.utf8), path: "plan.json")
        #expect(try document.planChanges(path: "plan.json") == RealisticPlan.plan.changes)
        #expect(document.serverURL == "https://pbx.example.com:8887")
        #expect(document.desiredDigest == RealisticPlan.context.digest)
    }

    @Test("a plan of another format version is refused as incompatible")
    func incompatiblePlan() {
        var text = PlanDocument(plan: RealisticPlan.plan, context: RealisticPlan.context).encoded()
        text = text.replacingOccurrences(of: #""format_version" : 2"#, with: #""format_version" : 99"#)
        #expect {
            _ = try PlanDocument.decode(Array(text.utf8), path: "plan.json")
        } throws: { error in
            guard case .incompatible = error as? SavedPlanError else { return false }
            return "\(error)".contains("plan format 99")
        }
        #expect(throws: SavedPlanError.self) { _ = try PlanDocument.decode(Array("{}".utf8), path: "x.json") }
    }
}

@Suite("Rendering drift")
struct DriftRenderingTests {
    let report = DriftReport(lists: [
        ListDrift(desired: RealisticPlan.desired, observed: RealisticPlan.observed, ignoreUnmanaged: false)
    ])

    @Test("text separates changed, missing and unmanaged")
    func text() {
        expectGolden(DriftRenderer().text(report, server: "https://pbx.example.com:8887"), "drift.txt")
    }

    @Test("JSON and Markdown are stable")
    func jsonAndMarkdown() {
        expectGolden(DriftDocument(report, server: "https://pbx.example.com:8887").encoded(), "drift.json")
        expectGolden(DriftRenderer().markdown(report, server: "https://pbx.example.com:8887"), "drift.md")
    }

    @Test("--ignore-unmanaged leaves unmanaged numbers out of the verdict only")
    func ignoreUnmanaged() {
        let onlyUnmanaged = ListDrift(
            desired: DesiredList(numbers: [], in: .exclusiveNumbers), observed: RealisticPlan.observed,
            ignoreUnmanaged: true)
        #expect(!onlyUnmanaged.hasDrift)
        #expect(onlyUnmanaged.unmanaged.count == 7)
        let counted = ListDrift(
            desired: DesiredList(numbers: [], in: .exclusiveNumbers), observed: RealisticPlan.observed,
            ignoreUnmanaged: false)
        #expect(counted.hasDrift)
    }
}

@Suite("Rendering apply reports")
struct ApplyReportRenderingTests {
    static var report: ApplyReport {
        let changes = RealisticPlan.plan.changes
        let outcomes: [ApplyReport.Outcome] = changes.enumerated().map { index, change in
            switch (index, change.action) {
            case (0, _): return .created(id: "bmV3MQ==", foundByLookup: true)
            case (_, .create): return .created(id: "bmV3Mg==", foundByLookup: false)
            case (_, .update) where change.number == "+4930901820":
                return .failed(
                    PortSIPError(
                        method: "POST", path: "/api/exclusive_numbers/NzAwMw==",
                        kind: .http(status: 400, code: "VALIDATE_FAILED", message: "field validation failed")))
            case (_, .update): return .updated
            case (_, .disable): return .disabled
            case (_, .delete): return .deleted
            }
        }
        return ApplyReport(
            entries: zip(changes, outcomes).map { ApplyReport.Entry(change: $0, outcome: $1) }, dryRun: false,
            interrupted: false, ambiguousCreatesResolved: 1, lookupListings: 1)
    }

    @Test(
        "the summary names each failure and, after a request the PBX refused, does not promise that running again converges"
    )
    func summary() {
        expectGolden(ApplyReportRenderer().summary(Self.report), "apply-report.txt")
        expectGolden(
            ApplyReportDocument(Self.report, server: "https://pbx.example.com:8887").encoded(), "apply-report.json")
    }

    static func http(_ status: Int) -> PortSIPError {
        PortSIPError(
            method: "POST", path: "/api/exclusive_numbers/x", kind: .http(status: status, code: "E", message: nil))
    }

    @Test(
        "running again is promised to converge after failures that may pass, never after a request the PBX refused or agents it did not take",
        arguments: [
            (ApplyReport.Outcome.failed(http(500)), ApplyReport.Outcome.applied, true),
            (.failed(http(429)), .applied, true),
            (.failed(PortSIPError(method: "POST", path: "/x", kind: .cancelled)), .applied, true),
            (.unknown(http(504)), .applied, true),
            (.updated, .failed(http(503)), true),
            (.failed(http(400)), .applied, false),
            (.failed(http(404)), .applied, false),
            (.updated, .failed(http(400)), false),
            (.updated, .mismatch, false),
        ])
    func rerun(record: ApplyReport.Outcome, agents: ApplyReport.Outcome, converges: Bool) throws {
        let change = try #require(RealisticPlan.plan.changes.first { $0.action == .update })
        var report = ApplyReport(
            entries: [ApplyReport.Entry(change: change, outcome: record)], dryRun: false, interrupted: false)
        report.entries.append(
            ApplyReport.Entry(
                change: .relation(
                    RelationChange(
                        relation: .exclusiveAgents, target: "8000", targetID: "q1", before: [], after: ["101", "102"]),
                    of: change.number, id: change.id, in: .exclusiveNumbers,
                    source: SourceLocation(file: "n.yaml", line: 1, column: 1)),
                outcome: agents, held: agents == .mismatch ? ["101"] : []))
        #expect(report.rerunConverges == converges)
        let text = ApplyReportRenderer().summary(report)
        #expect(text.contains("Running numsync apply again will converge") == converges, "\(text)")
        #expect(text.contains("will not fix") == !converges)
    }

    @Test("a throttled apply says how often the PBX throttled and the rate it got overall")
    func throttled() {
        var report = Self.report
        report.requestsSent = 2_050
        report.requestsThrottled = 12
        report.provingListings = 1
        report.effectiveRatePerMinute = 4_870.4
        let text = ApplyReportRenderer().summary(report)
        #expect(
            text.contains(
                "The PBX throttled 12 of 2,050 requests; numsync slowed down and sent them again (4,870 a minute overall).\n"
            ))
        let json = ApplyReportDocument(report, server: "https://pbx.example.com:8887").encoded()
        #expect(json.contains(#""requests_throttled" : 12"#))
        #expect(json.contains(#""effective_rate_per_minute" : 4870"#))
        #expect(json.contains(#""proving_listings" : 1"#))
        // Unthrottled, nothing is said.
        #expect(!ApplyReportRenderer().summary(Self.report).contains("throttled"))
    }

    @Test("a dry-run lists the exact requests in plan order")
    func dryRun() {
        let changes = RealisticPlan.plan.changes
        let report = ApplyReport(
            entries: changes.map { ApplyReport.Entry(change: $0, outcome: .shown) }, dryRun: true,
            interrupted: false)
        let renderer = ApplyReportRenderer()
        expectGolden(renderer.dryRunRequests(report) + renderer.summary(report), "dry-run.txt")
    }
}

@Suite("Diagnostics rendering")
struct DiagnosticRenderingTests {
    let diagnostics = [
        Diagnostic.duplicateNumber(
            "+1", at: NumSyncCore.SourceLocation(file: "a, b.yaml", line: 12, column: 7),
            first: NumSyncCore.SourceLocation(file: "a, b.yaml", line: 4, column: 7))
    ]

    @Test("GitHub annotations escape properties and data")
    func github() {
        #expect(
            DiagnosticRenderer.githubAnnotations(diagnostics)
                == "::error file=a%2C b.yaml,line=12,col=7::duplicate number \"+1\"%0Aa, b.yaml:4:7: note: first defined here\n"
        )
    }

    @Test("JSON lists each diagnostic with its notes")
    func json() {
        expectGolden(DiagnosticRenderer.json(diagnostics), "diagnostics.json")
    }
}
