import Foundation
import TestSupport
import Testing

@Suite("apply --plan --max-plan-age")
struct PlanAgeTests {
    /// The saved plan with its `created_at` replaced (or removed, for nil), as an old or a
    /// pre-release plan would have it.
    static func redate(_ path: String, to createdAt: String?) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\n  "created_at" : "[^"]*","#)
        let range = NSRange(text.startIndex..., in: text)
        let replacement = createdAt.map { "\n  \"created_at\" : \"\($0)\"," } ?? ""
        let redated = pattern.stringByReplacingMatches(in: text, range: range, withTemplate: replacement)
        #expect(redated != text || createdAt == nil)
        try redated.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test(
        "a saved plan older than the limit, or with no date, is refused (exit 4) before any request; a recent one applies"
    )
    func refusesOldPlans() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1001\"\n")
        let saved = TestPaths.temporaryDirectory() + "/aged-plan.json"
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            let text = try String(contentsOfFile: saved, encoding: .utf8)
            #expect(text.contains(#""created_at" : "20"#), "\(text)")

            try Self.redate(saved, to: "2026-01-01T00:00:00Z")
            await simulator.statistics.reset()
            let old = try await cli.run("apply", "--plan", saved, "--max-plan-age", "2h")
            #expect(old.status == 4, "\(old.output)\(old.error)")
            #expect(
                old.error.contains("was made ")
                    && old.error.contains(
                        " ago (at 2026-01-01T00:00:00Z), more than "
                            + "--max-plan-age 2h allows (nothing was written)"),
                "\(old.error)")
            #expect(old.error.contains("Make a new plan and have it reviewed: numsync plan"))
            #expect(await simulator.statistics.current().totalRequests == 0)

            // The variable does the same; the option wins over it.
            let byVariable = try await cli.run(
                "apply", "--plan", saved, environment: ["NUMSYNC_MAX_PLAN_AGE": "1d"])
            #expect(byVariable.status == 4, "\(byVariable.output)\(byVariable.error)")
            let wide = try await cli.run(
                "apply", "--plan", saved, "--max-plan-age", "3650d", environment: ["NUMSYNC_MAX_PLAN_AGE": "1d"])
            #expect(wide.status == 0, "\(wide.output)\(wide.error)")
            #expect(await simulator.store.all().map(\.number) == ["+1001"])
        }
    }

    @Test("a plan that records no date is refused when a limit is set, and applies when none is")
    func undated() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1001\"\n")
        let saved = TestPaths.temporaryDirectory() + "/undated-plan.json"
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            try Self.redate(saved, to: nil)
            let refused = try await cli.run("apply", "--plan", saved, "--max-plan-age", "1h")
            #expect(refused.status == 4)
            #expect(refused.error.contains("records no time it was made"), "\(refused.error)")
            #expect(await simulator.store.all().isEmpty)
            #expect(try await cli.run("apply", "--plan", saved).status == 0)
        }
    }

    @Test(
        "a limit that is not a duration, or one given without a saved plan, is an error naming it",
        arguments: [
            (["--max-plan-age", "2 hours"], "--max-plan-age \"2 hours\" is not a duration"),
            (["--max-plan-age", "2h"], "--max-plan-age applies to a saved plan (--plan)"),
        ])
    func badLimits(arguments: [String], message: String) async throws {
        let path = try writeDesired("exclusive_numbers: []\n")
        let result = try await CommandRun.run(TestPaths.numsync, ["apply", path] + arguments)
        #expect(result.status != 0)
        #expect(result.error.contains(message), "\(result.error)")
    }

    @Test("a bad NUMSYNC_MAX_PLAN_AGE is an error naming the variable, before any request")
    func badVariable() async throws {
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1001\"\n")
        let saved = TestPaths.temporaryDirectory() + "/variable-plan.json"
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            #expect(try await cli.run("plan", path, "--out", saved).status == 0)
            await simulator.statistics.reset()
            let result = try await cli.run("apply", "--plan", saved, environment: ["NUMSYNC_MAX_PLAN_AGE": "soon"])
            #expect(result.status == 1)
            #expect(result.error.contains(#"NUMSYNC_MAX_PLAN_AGE "soon" is not a duration"#), "\(result.error)")
            #expect(await simulator.statistics.current().totalRequests == 0)
        }
    }
}
