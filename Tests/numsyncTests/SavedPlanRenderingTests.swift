import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

@Suite("A saved plan looks like the plan it came from")
struct SavedPlanRenderingTests {
    /// One number in three lists, with agents: a create in each list and an agent change.
    static let yaml = """
        exclusive_numbers:
          - number: "+15550001"
            description: front desk
            queues:
              "8000": ["101"]
        vip_numbers:
          - number: "+15550001"
            description: boss
        call_queue_blacklisted_numbers:
          - number: "+15550001"
            level: FIRST

        """

    @Test(
        "apply --plan shows the saved plan exactly as plan showed it (list headings, summaries, agents, no empty fields), and applying it is the approval"
    )
    func sameRendering() async throws {
        let path = try writeDesired(Self.yaml)
        let saved = TestPaths.temporaryDirectory() + "/plan.json"
        try await TestSimulator.with({ $0.seedQueues = seededQueues }) { simulator in
            let cli = CLI(simulator: simulator)
            let plan = try await cli.run("plan", path, "--out", saved)
            #expect(plan.status == 0, "\(plan.output)\(plan.error)")
            #expect(plan.output.contains("vip_numbers:\n"))
            #expect(plan.output.contains("Plan for call_queue_blacklisted_numbers: 1 to create"))
            #expect(!plan.output.contains("expire_at"), "an empty optional field is not printed")

            let dryRun = try await cli.run("apply", "--plan", saved, "--dry-run")
            #expect(dryRun.status == 0, "\(dryRun.output)\(dryRun.error)")
            #expect(dryRun.output.hasPrefix(plan.output), "\(dryRun.output)")

            // No question is asked (standard input is not a terminal, and no --auto-approve).
            let apply = try await cli.run("apply", "--plan", saved)
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.hasPrefix(plan.output))
            #expect(!apply.output.contains("Only 'yes' will be accepted"))
            #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
        }
    }
}
