import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Plans and reports record the PBX's version")
struct ServerVersionTests {
    @Test("a saved plan and an apply report record it; applying a plan made on another version warns")
    func recorded() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1001\"\n")
        let directory = TestPaths.temporaryDirectory()
        let saved = directory + "/versioned-plan.json"
        let report = directory + "/versioned-report.json"
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let plan = try await cli.run("plan", path, "--out", saved)
            #expect(plan.status == 0)
            #expect(plan.output.contains("numsync will perform these actions on \(simulator.url) (PortSIP 22.3.0):"))
            let text = try String(contentsOfFile: saved, encoding: .utf8)
            #expect(text.contains(#""server_version" : "22.3.0""#), "\(text)")

            try text.replacingOccurrences(of: #""server_version" : "22.3.0""#, with: #""server_version" : "22.2.1""#)
                .write(toFile: saved, atomically: true, encoding: .utf8)
            let apply = try await cli.run("apply", "--plan", saved, "--report", report)
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(
                apply.error.contains(
                    "warning: the PBX's version changed since the plan \(saved) was made (22.2.1 then, 22.3.0 now)"),
                "\(apply.error)")
            #expect(try String(contentsOfFile: report, encoding: .utf8).contains(#""server_version" : "22.3.0""#))
        }
    }

    @Test("a PBX that does not say its version is recorded as unknown, and nothing is refused for it")
    func unknown() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1001\"\n")
        let saved = TestPaths.temporaryDirectory() + "/unversioned-plan.json"
        try await TestSimulator.with({ $0.pbxVersion = nil }) { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            #expect(!(try String(contentsOfFile: saved, encoding: .utf8)).contains("server_version"))
            let apply = try await cli.run("apply", "--plan", saved)
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(!apply.error.contains("version changed"))
        }
    }
}
