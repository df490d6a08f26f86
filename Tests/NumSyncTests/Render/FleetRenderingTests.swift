import NumSync
import NumSyncCore
import NumSyncFixtures
import Testing

@Suite("Rendering runs over several targets")
struct FleetRenderingTests {
    static let outcomes = [
        TargetOutcome(
            target: "eu-prod", status: .changes, exitCode: 2,
            changes: .init(creates: 1200, updates: 3, disables: 0, deletes: 1), seconds: 12.345),
        TargetOutcome(target: "eu-test", status: .ok, exitCode: 0, changes: .init(), seconds: 0.8),
        TargetOutcome(target: "us-tenant-acme", status: .error, exitCode: 1, seconds: 0.31),
    ]

    @Test("the summary is a table with a verdict and the exit code, in text and Markdown")
    func summary() {
        let renderer = FleetSummaryRenderer(command: "plan")
        expectGolden(renderer.text(Self.outcomes, exitCode: 1), "targets-summary.txt")
        let outputs = [
            "eu-prod": "Plan: 1,200 to create ...\n", "eu-test": "No changes.\n",
            "us-tenant-acme": "error: 401 ```injected``` <b>\n",
        ]
        expectGolden(renderer.markdown(Self.outcomes, outputs: outputs, exitCode: 1), "targets-summary.md")
    }

    @Test("summary.md stays under 60,000 characters however much the targets printed")
    func limit() {
        let outcomes = (0..<30).map { TargetOutcome(target: "t\($0)", status: .changes, exitCode: 2, seconds: 1) }
        let outputs = Dictionary(
            uniqueKeysWithValues: outcomes.map { ($0.target, String(repeating: "+ create \"+1555\"\n", count: 5000)) })
        let markdown = FleetSummaryRenderer(command: "plan").markdown(outcomes, outputs: outputs, exitCode: 2)
        #expect(markdown.utf8.count < FleetSummaryRenderer.markdownLimit)
        #expect(markdown.components(separatedBy: "<details>").count == 31)
        #expect(markdown.contains("more characters: see the job's log or the report file"))
    }

    @Test(
        "summary.md stays under 60,000 characters with hundreds of targets, the table included: rows and sections past the bound are counted, not dropped silently",
        arguments: [300, 500, 2000])
    func manyTargets(count: Int) {
        let outcomes = (0..<count).map { index in
            TargetOutcome(
                target: "pbx-\(index)-with-a-longer-name", status: index % 7 == 0 ? .error : .changes,
                exitCode: index % 7 == 0 ? 1 : 2, changes: .init(creates: 12, updates: 3), seconds: 1.5)
        }
        let outputs = Dictionary(
            uniqueKeysWithValues: outcomes.map { ($0.target, String(repeating: "+ create \"+1555\"\n", count: 40)) })
        let markdown = FleetSummaryRenderer(command: "plan").markdown(outcomes, outputs: outputs, exitCode: 1)
        #expect(markdown.utf8.count <= FleetSummaryRenderer.markdownLimit, "\(markdown.utf8.count)")
        // Whatever was left out is said, with how many and how they ended.
        #expect(markdown.contains("more target"))
        if count > 600 { #expect(markdown.contains("more targets (") && markdown.contains("see summary.json")) }
        #expect(markdown.contains("is left out to keep this under 60,000 characters"))
        #expect(markdown.contains("; exit 1."))
    }

    @Test("drift metrics: gauges per target and list, success and time per target, label values escaped")
    func metrics() {
        let metrics = DriftMetrics(checks: [
            .init(
                target: "us-tenant-acme", lists: nil, timestamp: 1_796_000_000.5),
            .init(
                target: "eu-prod",
                lists: [
                    "exclusive_numbers": .init(changed: 2, missing: 1, unmanaged: 7, agents: 3),
                    "vip_numbers": .init(changed: 0, missing: 0, unmanaged: 1),
                ], timestamp: 1_796_000_000.25),
            .init(target: "odd \"name\"\\\n", lists: [:], timestamp: 0.001),
        ])
        expectGolden(metrics.render(), "drift-metrics.prom")
    }
}
