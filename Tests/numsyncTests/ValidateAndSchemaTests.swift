import Foundation
import TestSupport
import Testing

@Suite("numsync validate and schema")
struct ValidateAndSchemaTests {
    @Test("a good file validates with a one-line summary and exit 0")
    func good() async throws {
        let run = try await CommandRun.run(
            TestPaths.numsync, ["validate", TestPaths.package + "/examples/numbers.yaml"])
        #expect(run.status == 0)
        #expect(run.output == "1 file, 12 numbers, no problems\n")
    }

    @Test("the example of every list validates, with a count per list and no warning")
    func lists() async throws {
        let run = try await CommandRun.run(TestPaths.numsync, ["validate", TestPaths.package + "/examples/lists.yaml"])
        #expect(run.status == 0, "\(run.error)")
        #expect(
            run.output
                == "1 file, 7 numbers (exclusive_numbers 1, vip_numbers 2, call_queue_blacklisted_numbers 2, "
                + "blacklisted_numbers 2), no problems\n")
        #expect(run.error.isEmpty, "\(run.error)")
    }

    @Test("a directory of files validates as one desired state")
    func directory() async throws {
        let run = try await CommandRun.run(TestPaths.numsync, ["validate", TestPaths.package + "/examples/numbers.d"])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.hasPrefix("3 files, "))
    }

    @Test("a bad file exits 1 with every diagnostic, the compiler way")
    func bad() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1\"\n    enabled: yes\n  - number: \"+1\"\n")
        let run = try await CommandRun.run(TestPaths.numsync, ["validate", path])
        #expect(run.status == 1)
        #expect(run.error.contains("\(path):3:14: error: `enabled` must be `true` or `false`, found `yes`"))
        #expect(run.error.contains("\(path):4:13: error: duplicate number \"+1\""))
        #expect(run.error.contains("\(path):2:13: note: first defined here"))
        #expect(run.error.contains("1 file, 1 number, 2 errors"))
    }

    @Test("validate counts warnings apart from errors: \"no errors, 1 warning\", never \"no problems\"")
    func warnings() async throws {
        let path = try writeDesired(
            "vip_numbers:\n  - number: \"+1\"\n    expire_at: 2027-01-01T00:00:00.123456Z\n")
        let run = try await CommandRun.run(TestPaths.numsync, ["validate", path])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.contains("warning:"), "\(run.error)")
        #expect(run.output == "1 file, 1 number (vip_numbers 1), no errors, 1 warning\n")
    }

    @Test("an unknown command gets a suggestion, bare numsync prints the help and exits 1, and every error says error:")
    func usage() async throws {
        let typo = try await CommandRun.run(TestPaths.numsync, ["plna", "numbers.yaml"])
        #expect(typo.status == 1)
        #expect(typo.error.hasPrefix("error: unknown command 'plna'; did you mean 'plan'?"), "\(typo.error)")
        let bare = try await CommandRun.run(TestPaths.numsync, [])
        #expect(bare.status == 1)
        #expect(bare.error.contains("USAGE: numsync <subcommand>"))
        let option = try await CommandRun.run(TestPaths.numsync, ["plan", "--fromat", "json"])
        #expect(option.status == 1)
        #expect(option.error.hasPrefix("error: Unknown option '--fromat'. Did you mean '--format'?"), "\(option.error)")
        #expect(!option.error.contains("Error:"))
        let simulator = try await CommandRun.run(TestPaths.simulator, ["--port", "99999"])
        #expect(simulator.error.hasPrefix("error: --port must be 0 to 65535"), "\(simulator.error)")
        // --version still goes to standard output, as numsync-sim's does.
        let version = try await CommandRun.run(TestPaths.numsync, ["--version"])
        #expect(version.status == 0 && !version.output.isEmpty && version.error.isEmpty)
        #expect(try await CommandRun.run(TestPaths.simulator, ["--version"]).output == version.output)
    }

    @Test(
        "the committed schemas are what numsync schema prints, and every modeline in the examples points at one that exists"
    )
    func committedSchemas() async throws {
        for (arguments, path) in [
            (["schema"], "/examples/numsync.schema.json"),
            (["schema", "--targets"], "/examples/fleet/numsync.targets.schema.json"),
            (["schema", "--policy"], "/examples/policy/numsync.policy.schema.json"),
        ] {
            let run = try await CommandRun.run(TestPaths.numsync, arguments)
            let committed = try String(contentsOfFile: TestPaths.package + path, encoding: .utf8)
            #expect(
                run.output == committed,
                "\(path) differs from `numsync \(arguments.joined(separator: " "))`: regenerate it with that command")
        }
        let examples = TestPaths.package + "/examples"
        let files = FileManager.default.enumerator(atPath: examples)?.compactMap { $0 as? String } ?? []
        var modelines = 0
        for file in files where file.hasSuffix(".yaml") {
            let text = try String(contentsOfFile: examples + "/" + file, encoding: .utf8)
            guard let match = text.firstMatch(of: /# yaml-language-server: \$schema=(\S+)/) else { continue }
            modelines += 1
            let directory = (examples + "/" + file as NSString).deletingLastPathComponent
            let schema = (directory as NSString).appendingPathComponent(String(match.output.1))
            #expect(
                FileManager.default.fileExists(atPath: schema), "\(file) points at \(match.output.1), which is missing")
        }
        #expect(modelines >= 3)
    }

    @Test("--format json lists diagnostics; GitHub Actions gets annotations")
    func jsonAndAnnotations() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"\"\n")
        let json = try await CommandRun.run(TestPaths.numsync, ["validate", "--format", "json", path])
        #expect(json.status == 1)
        let list = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(list?.first?["line"] as? Int == 2)
        #expect(list?.first?["message"] as? String == "`number` is empty")
        let github = try await CommandRun.run(
            TestPaths.numsync, ["validate", path], environment: ["GITHUB_ACTIONS": "true"])
        #expect(github.output.contains("::error file=\(path),line=2,col=13::`number` is empty"))
    }

    @Test("schema prints the JSON Schema")
    func schema() async throws {
        let run = try await CommandRun.run(TestPaths.numsync, ["schema"])
        #expect(run.status == 0)
        let schema = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any]
        #expect(schema?["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
    }

    @Test(
        "every command's help has an abstract and ends with two or three real examples",
        arguments: [
            [], ["validate"], ["plan"], ["apply"], ["drift"], ["export"], ["schema"], ["targets"], ["help", "plan"],
        ])
    func help(command: [String]) async throws {
        let run = try await CommandRun.run(
            TestPaths.numsync, command.first == "help" ? command : command + ["--help"])
        #expect(run.status == 0)
        #expect(run.output.contains("OVERVIEW:"))
        let sections = run.output.components(separatedBy: "\nEXAMPLES:\n")
        #expect(sections.count == 2, "one EXAMPLES section")
        let examples = (sections.last ?? "").split(separator: "\n")
        #expect((2...3).contains(examples.count), "\(examples)")
        #expect(examples.allSatisfy { $0.hasPrefix("  numsync ") })
        #expect(!run.output.contains("Example:"), "the examples are moved, not repeated")
    }
}
