import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

/// A record of any list as the simulator holds it.
func listRecord(_ id: String, _ number: String, _ fields: [String: JSONValue] = [:]) -> WireRecord {
    var all = fields
    all["number"] = .string(number)
    return WireRecord(id: id, created_at: "2026-01-01T00:00:00Z", fields: all)
}

@Suite("Every command on every number list")
struct NumberListCommandTests {
    static let lists = [PortSIPList.vipNumbers, .callQueueBlacklistedNumbers, .blacklistedNumbers]

    /// The list's own fields for an entry, in YAML and as the simulator holds them.
    static func level(_ list: PortSIPList, _ value: String) -> (yaml: String, wire: [String: JSONValue]) {
        list.field(named: "level") == nil ? ("", [:]) : ("    level: \(value)\n", ["level": .string(value)])
    }

    static func yaml(_ list: PortSIPList) -> String {
        """
        unmanaged:
          \(list.key): delete
        exclusive_numbers:
          - number: "+18881000000"
        \(list.key):
          - number: "+15550001"
            description: first
            expire_at: 2027-06-30T23:59:59+02:00
        \(level(list, "SECOND").yaml)  - number: "+15550002"
            description: second
        \(level(list, "FIRST").yaml)
        """
    }

    @Test(
        "plan, saved plan, apply, a second empty plan, drift, and export then plan with no changes",
        arguments: lists)
    func endToEnd(list: PortSIPList) async throws {
        let path = try writeDesired(Self.yaml(list))
        let directory = TestPaths.temporaryDirectory()
        try await TestSimulator.with(
            { _ in },
            seed: [
                WireNumber(
                    id: "x0", number: "+18881000000", created_at: "2026-01-01T00:00:00Z", enabled: true,
                    description: nil)
            ]
        ) { simulator in
            let store = simulator.stores[list.key]!
            await store.insert([
                listRecord(
                    "k2", "+15550002",
                    ["description": .string("old")].merging(Self.level(list, "FIRST").wire) { $1 }),
                listRecord("k9", "+15550009", Self.level(list, "FIRST").wire),
            ])
            let cli = CLI(simulator: simulator)
            let validate = try await cli.run("validate", path)
            #expect(validate.status == 0, "\(validate.error)")
            let plan = try await cli.run("plan", path, "--detailed-exitcode", "--out", directory + "/plan.json")
            #expect(plan.status == 2, "\(plan.error)")
            #expect(plan.output.contains("\(list.key):\n  + create \"+15550001\""), "\(plan.output)")
            #expect(
                plan.output.contains(
                    "Plan for \(list.key): 1 to create, 1 to update, 0 to disable, 1 to delete. 0 unchanged, 1 unmanaged."
                ))
            #expect(
                plan.output.contains(
                    "Plan for exclusive_numbers: 0 to create, 0 to update, 0 to disable, 0 to delete. 1 unchanged, 0 unmanaged."
                ))
            let dryRun = try await cli.run("apply", path, "--dry-run")
            #expect(dryRun.status == 0, "\(dryRun.error)")
            #expect(dryRun.output.contains("POST /api/\(list.path)/k9/destroy"), "\(dryRun.output)")
            #expect(await simulator.statistics.current().writeRequests == 0)

            let apply = try await cli.run("apply", "--plan", directory + "/plan.json", "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("1 created, 1 updated, 0 disabled, 1 deleted, 0 failed"), "\(apply.output)")
            let again = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(again.status == 0, "\(again.output)")
            #expect(try await cli.run("drift", path).status == 0)
            // The PBX keeps expire_at in UTC; the file's offset names the same instant.
            let stored = await store.all().first { $0.number == "+15550001" }
            #expect(stored?.fields["expire_at"] == .string("2027-06-30T21:59:59Z"))

            // Someone changes the list by hand: drift names the list.
            _ = await store.replaceAll(
                with: (await store.all()).map { record in
                    var record = record
                    if record.number == "+15550002" { record.fields["description"] = .string("by hand") }
                    return record
                })
            let drift = try await cli.run("drift", path)
            #expect(drift.status == 2)
            #expect(
                drift.output.contains("Drift in \(list.key): 1 changed, 0 missing, 0 unmanaged."),
                "\(drift.output)")
            #expect(drift.output.contains("No drift in exclusive_numbers."))

            // Export the list alone, and everything: each plans with no changes.
            for (name, only) in [("only.yaml", ["--only", list.key]), ("all.yaml", [])] {
                let file = directory + "/" + name
                let export = try await cli.run(["export", "--out", file] + only)
                #expect(export.status == 0, "\(export.error)")
                let text = try String(contentsOfFile: file, encoding: .utf8)
                #expect(text.contains("\(list.key):\n- number: \"+15550001\""), "\(text)")
                let roundTrip = try await cli.run("plan", file, "--detailed-exitcode")
                #expect(roundTrip.status == 0, "\(roundTrip.output)\(text)")
            }
        }
    }

    @Test("all four lists in one file converge in one apply, and a list no file names gets no request")
    func allListsAtOnce() async throws {
        var yaml = "unmanaged: delete\n"
        for list in PortSIPList.all where list.key != PortSIPList.blacklistedNumbers.key {
            yaml += "\(list.key):\n"
            for index in 0..<30 {
                yaml += "  - number: \"+1444\(1000 + index)\"\n" + Self.level(list, "FIRST").yaml
            }
        }
        let path = try writeDesired(yaml)
        try await TestSimulator.with { simulator in
            await simulator.stores["blacklisted_numbers"]!.insert([listRecord("b1", "+1900")])
            let cli = CLI(simulator: simulator)
            let apply = try await cli.run("apply", path, "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            #expect(apply.output.contains("90 created"), "\(apply.output)")
            #expect(try await cli.run("plan", path, "--detailed-exitcode").status == 0)
            let requests = await simulator.statistics.current()
            #expect(requests.requests("GET /api/blacklisted_numbers") == 0)
            #expect(await simulator.stores["blacklisted_numbers"]!.count == 1)
        }
    }

    @Test("warnings (an expired entry, a VIP that is blacklisted) are shown, and the run goes on")
    func warningsDoNotStopARun() async throws {
        let path = try writeDesired(
            "vip_numbers:\n  - number: \"+1\"\n    expire_at: 2020-01-01T00:00:00Z\n"
                + "blacklisted_numbers:\n  - number: \"+1\"\n")
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let plan = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(plan.status == 2, "\(plan.error)")
            #expect(plan.error.contains(":2:13: warning: \"+1\" expired already (`expire_at` 2020-01-01T00:00:00Z)"))
            #expect(plan.error.contains(":5:13: warning: \"+1\" is in `blacklisted_numbers` and also a VIP number"))
            let validate = try await cli.run("validate", path)
            #expect(validate.status == 0)
            #expect(validate.error.contains("expired already"))
        }
    }

    @Test("unmanaged: disable on the number blacklist is refused before any request")
    func blacklistCannotBeDisabled() async throws {
        let path = try writeDesired("unmanaged: disable\nblacklisted_numbers: []\n")
        try await TestSimulator.with { simulator in
            let run = try await CLI(simulator: simulator).run("plan", path)
            #expect(run.status == 1)
            #expect(run.error.contains("`unmanaged: disable` cannot apply to `blacklisted_numbers`"))
            #expect(await simulator.statistics.current().totalRequests == 0)
        }
    }

    @Test(
        "a create leaves out the fields it has no value for (the PBX refuses null there) and sends expire_at in UTC; a sub-millisecond expiry is warned about, and plans clean after apply"
    )
    func createsAndTimestamps() async throws {
        let path = try writeDesired(
            """
            vip_numbers:
              - number: "+15550001"
                expire_at: 2027-06-30T23:59:59.1239+02:00
              - number: "+15550002"
            """)
        try await TestSimulator.with { simulator in
            let cli = CLI(simulator: simulator)
            let dryRun = try await cli.run("apply", path, "--dry-run")
            #expect(dryRun.status == 0, "\(dryRun.output)\(dryRun.error)")
            #expect(dryRun.error.contains("is finer than the millisecond PortSIP keeps"), "\(dryRun.error)")
            #expect(
                dryRun.output.contains(
                    #"POST /api/vip_numbers {"number":"+15550001","enabled":true,"expire_at":"2027-06-30T21:59:59.123Z"}"#
                ),
                "\(dryRun.output)")
            #expect(dryRun.output.contains(#"POST /api/vip_numbers {"number":"+15550002","enabled":true}"#))
            #expect(!dryRun.output.contains("null"))
            let apply = try await cli.run("apply", path, "--auto-approve")
            #expect(apply.status == 0, "\(apply.output)\(apply.error)")
            let stored = await simulator.stores["vip_numbers"]!.all().first { $0.number == "+15550001" }
            #expect(stored?.fields["expire_at"] == .string("2027-06-30T21:59:59.123Z"))
            let again = try await cli.run("plan", path, "--detailed-exitcode")
            #expect(again.status == 0, "\(again.output)")
        }
    }
}
