import NumSyncCore
import NumSyncFixtures
import Testing

@Suite("Choosing targets")
struct TargetSelectionTests {
    static let targets = [
        ("eu-prod", ["region": "eu", "env": "prod"]), ("eu-test", ["region": "eu", "env": "test"]),
        ("us-tenant-acme", ["region": "us", "env": "prod"]),
    ].map { name, labels in
        Target(
            name: name, url: "https://\(name).example.com:8887", credentials: .token(variable: "T"), files: ["a.yaml"],
            labels: labels, location: SourceLocation(file: "t.yaml", line: 1, column: 1))
    }

    @Test(
        "names, globs, labels and exclusions pick targets in file order",
        arguments: [
            (TargetSelection(), ["eu-prod", "eu-test", "us-tenant-acme"]),
            (TargetSelection(names: ["eu-*"]), ["eu-prod", "eu-test"]),
            (TargetSelection(names: ["us-tenant-acme", "eu-prod"]), ["eu-prod", "us-tenant-acme"]),
            (TargetSelection(names: ["*-?est"]), ["eu-test"]),
            (TargetSelection(selectors: ["env=prod"]), ["eu-prod", "us-tenant-acme"]),
            (TargetSelection(selectors: ["env=prod", "region=eu"]), ["eu-prod"]),
            (TargetSelection(excluded: ["eu-*"]), ["us-tenant-acme"]),
            (TargetSelection(names: ["eu-*"], excluded: ["eu-test"]), ["eu-prod"]),
            (TargetSelection(selectors: ["env="]), []),
        ])
    func selection(_ selection: TargetSelection, expected: [String]) {
        let (selected, diagnostics) = selection.select(from: Self.targets)
        #expect(selected.map(\.name) == expected)
        #expect(diagnostics.isEmpty == !expected.isEmpty)
    }

    @Test(
        "a pattern that matches nothing is an error, never an empty or a wider selection",
        arguments: [
            (TargetSelection(names: ["eu-prd"]), "--target \"eu-prd\" matches no target; did you mean `eu-prod`?"),
            (TargetSelection(excluded: ["eu-prd"]), "--exclude \"eu-prd\" matches no target; did you mean `eu-prod`?"),
            (TargetSelection(selectors: ["prod"]), "--select \"prod\" must be key=value, e.g. --select env=prod"),
            (TargetSelection(selectors: ["env=staging"]), "the selection leaves none of the 3 targets"),
        ])
    func problems(_ selection: TargetSelection, message: String) {
        let (selected, diagnostics) = selection.select(from: Self.targets)
        #expect(selected.isEmpty)
        #expect(diagnostics.map(\.message) == [message])
    }

    @Test(
        "the worst exit code wins: interrupted, partial, error, refused, changes, success",
        arguments: [
            ([0, 0], 0), ([0, 2], 2), ([2, 4], 4), ([4, 1], 1), ([1, 3], 3), ([3, 130, 0], 130), ([0, 77], 1),
            ([], 0),
        ] as [([Int32], Int32)])
    func worst(_ codes: [Int32], expected: Int32) {
        #expect(TargetOutcome.worstExitCode(codes) == expected)
    }
}
