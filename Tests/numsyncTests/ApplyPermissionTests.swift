import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("apply checks the account's permissions before the first write")
struct ApplyPermissionTests {
    static let desired = """
        exclusive_numbers:
          - number: "+1001"
        vip_numbers:
          - number: "+2001"
        """

    @Test(
        "an account the PBX says may not write a list the plan changes is refused (exit 1) with no write, dry-run too")
    func readOnly() async throws {
        let path = try writeDesired(Self.desired)
        try await TestSimulator.with({
            $0.capabilities = ["exclusive_numbers:read", "vip_numbers:write"]
            $0.accountRole = "auditor"
        }) { simulator in
            let cli = CLI(simulator: simulator)
            for extra in [["--auto-approve"], ["--dry-run"]] {
                let apply = try await cli.run(["apply", path] + extra)
                #expect(apply.status == 1, "\(apply.output)\(apply.error)")
                #expect(
                    apply.error.contains(
                        "the PBX says the account (auditor) may not write exclusive_numbers (needs exclusive_numbers:write)"
                    ),
                    "\(apply.error)")
            }
            #expect(await simulator.statistics.current().writeRequests == 0)
            #expect(await simulator.store.all().isEmpty)
            #expect(await simulator.statistics.current().requests["GET /api/auth/user"] == 2)
        }
    }

    @Test("an account that may write what the plan changes, and a PBX that does not say, are not refused")
    func allowed() async throws {
        let path = try writeDesired(Self.desired)
        for capabilities in [["exclusive_numbers:write", "vip_numbers:write"], nil] as [[String]?] {
            try await TestSimulator.with({ $0.capabilities = capabilities }) { simulator in
                let apply = try await CLI(simulator: simulator).run("apply", path, "--auto-approve")
                #expect(apply.status == 0, "\(apply.output)\(apply.error)")
                #expect(await simulator.store.all().map(\.number) == ["+1001"])
            }
        }
    }
}
