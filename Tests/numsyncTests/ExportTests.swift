import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("numsync export")
struct ExportTests {
    static let awkward: [String?] = [
        nil, "", "plain text", "line one\nline two", "trailing newline\n", "two trailing\n\n", "\nleading newline",
        "  leading spaces", "trailing spaces  ", "tab\tinside", "quotes \"double\" and 'single'", "hash # inside",
        "#starts with hash", "colon: space", "key: value\nnext: line", "café, naïve, 東京 📞", "emoji only 🎉🎉",
        "null", "~", "true", "no", "123", "1e3", "0x1F", "- looks like a list", "[flow]", "{flow: map}", "* star",
        "& amp", "! bang", "% percent", "@ at", "` backtick", "| pipe", "> greater", "back\\slash", "\u{7}bell",
        "\r\ncarriage", "ends with colon:", " ", "line\n  indented\nback", String(repeating: "x", count: 1024),
        String(repeating: "é", count: 1024), String(repeating: "line\n", count: 200),
    ]

    static var awkwardRecords: [WireNumber] {
        awkward.enumerated().map { index, description in
            WireNumber(
                id: "a\(index)", number: index % 2 == 0 ? "+4930\(100 + index)" : "00\(index)",
                created_at: "2026-01-01T00:00:00Z", enabled: index % 3 != 0, description: description)
        }
    }

    @Test("export then plan shows no changes, for every awkward description")
    func roundTrip() async throws {
        let directory = TestPaths.temporaryDirectory()
        let file = directory + "/exported.yaml"
        try await TestSimulator.with({ _ in }, seed: Self.awkwardRecords) { simulator in
            let cli = CLI(simulator: simulator)
            let export = try await cli.run("export", "--out", file)
            #expect(export.status == 0, "\(export.error)")
            let plan = try await cli.run("plan", file, "--detailed-exitcode")
            #expect(
                plan.status == 0,
                "\(plan.output)\(plan.error)\n\((try? String(contentsOfFile: file, encoding: .utf8)) ?? "")")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.hasPrefix("# Exclusive numbers exported by numsync"))
            #expect(text.contains(#"- number: "+4930100""#))
        }
    }

    @Test(
        "export --force over a desired-state file keeps its unmanaged and defaults, says that comments and order are not kept, and plans clean"
    )
    func keepsPolicies() async throws {
        let file = TestPaths.temporaryDirectory() + "/numbers.yaml"
        let existing = """
            # Our numbers; this comment is not kept.
            defaults:
              enabled: false
            unmanaged: disable
            exclusive_numbers:
              - number: "+18881000000"

            """
        try existing.write(toFile: file, atomically: true, encoding: .utf8)
        try await TestSimulator.with({ _ in }, seed: TestSimulator.records(3)) { simulator in
            let cli = CLI(simulator: simulator)
            let export = try await cli.run("export", "--out", file, "--force")
            #expect(export.status == 0, "\(export.error)")
            #expect(
                export.error.contains(
                    "Rewriting \(file): its `unmanaged` and `defaults` are kept; its comments and the order of its entries are not."
                ))
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("defaults:\n  enabled: false\n"), "\(text)")
            #expect(text.contains("unmanaged: disable\n"), "\(text)")
            #expect(text.contains("# yaml-language-server: $schema=./numsync.schema.json\n"))
            #expect(!text.contains("this comment is not kept"))
            // The records are enabled: with `defaults.enabled: false` kept, each entry says so.
            #expect(text.components(separatedBy: "enabled: true").count - 1 == 3, "\(text)")
            let plan = try await cli.run("plan", file, "--detailed-exitcode")
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")

            // A second copy of a number: the kept `unmanaged: disable` will disable it, and the
            // header says so instead of promising no changes.
            await simulator.store.insert([
                WireNumber(
                    id: "zz-copy", number: "+15550000000", created_at: "2026-06-01T00:00:00Z", enabled: true,
                    description: nil)
            ])
            #expect(try await cli.run("export", "--out", file, "--force").status == 0)
            let again = try String(contentsOfFile: file, encoding: .utf8)
            #expect(again.contains("changes only what its `unmanaged` policy does to the extra copies"), "\(again)")
            let disables = try await cli.run("plan", file)
            #expect(disables.output.contains(#"- disable "+15550000000""#), "\(disables.output)")
        }
    }

    @Test("--out refuses to overwrite without --force")
    func overwrite() async throws {
        let file = TestPaths.temporaryDirectory() + "/numbers.yaml"
        try "exclusive_numbers: []\n".write(toFile: file, atomically: true, encoding: .utf8)
        try await TestSimulator.with({ _ in }, seed: TestSimulator.records(3)) { simulator in
            let cli = CLI(simulator: simulator)
            let refused = try await cli.run("export", "--out", file)
            #expect(refused.status == 1)
            #expect(refused.error.contains("already exists; pass --force"))
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "exclusive_numbers: []\n")
            #expect(try await cli.run("export", "--out", file, "--force").status == 0)
            #expect(try await cli.run("plan", file, "--detailed-exitcode").status == 0)
        }
    }

    @Test("duplicates are exported once, with a comment naming the extra ids")
    func duplicates() async throws {
        let records = [
            WireNumber(id: "old", number: "+1", created_at: "2026-01-01T00:00:00Z", enabled: true, description: "a"),
            WireNumber(id: "new", number: "+1", created_at: "2026-02-01T00:00:00Z", enabled: true, description: "b"),
        ]
        try await TestSimulator.with({ _ in }, seed: records) { simulator in
            let run = try await CLI(simulator: simulator).run("export")
            #expect(run.output.contains(#""+1": id old exported; extra ids new"#))
            #expect(run.output.components(separatedBy: #"number: "+1""#).count == 2)
        }
    }

    @Test("--split-by-prefix writes one file per prefix, and the directory plans clean")
    func split() async throws {
        let directory = TestPaths.temporaryDirectory() + "/numbers"
        let records =
            TestSimulator.records(30, prefix: "+1415")
            + TestSimulator.records(20, prefix: "+4930")
            .map { record in
                var copy = record
                copy.id = "de-" + record.id
                return copy
            }
        try await TestSimulator.with({ _ in }, seed: records) { simulator in
            let cli = CLI(simulator: simulator)
            let run = try await cli.run("export", "--out", directory, "--split-by-prefix", "4")
            #expect(run.status == 0, "\(run.error)")
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["1415.yaml", "4930.yaml"])
            #expect(try await cli.run("plan", directory, "--detailed-exitcode").status == 0)
            #expect(try await cli.run("export", "--out", directory, "--split-by-prefix", "4").status == 1)
            #expect(try await cli.run("export", "--out", directory, "--split-by-prefix", "4", "--force").status == 0)
        }
    }
}
