import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("numsync doctor")
struct DoctorCommandTests {
    @Test("a current PBX: its version, the account's permissions and every list, exit 0, and nothing but reads sent")
    func current() async throws {
        try await TestSimulator.with { simulator in
            await simulator.statistics.reset()
            let doctor = try await CLI(simulator: simulator).run("doctor")
            #expect(doctor.status == 0, "\(doctor.output)\(doctor.error)")
            #expect(doctor.output.contains("  PBX version   22.3.0\n"), "\(doctor.output)")
            #expect(doctor.output.contains("tenant_admin, permissions as the PBX states them"))
            // The clock's line is not checked here: on a loaded machine an answer may arrive late.
            #expect(doctor.output.contains("  server clock  "))
            #expect(
                doctor.output.contains(
                    "  exclusive_numbers               yes     0         top honoured  unknown (no records)  yes   yes\n"
                ))
            #expect(doctor.output.contains("warning: plain HTTP: credentials and numbers travel unencrypted\n"))
            #expect(doctor.output.hasSuffix("numsync can plan and apply here.\n"))
            let requests = await simulator.statistics.current().requests
            #expect(requests.keys.allSatisfy { $0.hasPrefix("GET ") || $0.hasSuffix("/auth/sign_in") }, "\(requests)")
            #expect(requests["GET /api/exclusive_numbers"] == 1)
        }
    }

    @Test("an older PBX that says neither its version nor the account's permissions: unknown, a warning, exit 0")
    func older() async throws {
        try await TestSimulator.with({
            $0.pbxVersion = nil
            $0.capabilities = nil
        }) { simulator in
            let doctor = try await CLI(simulator: simulator).run("doctor", "--format", "json")
            #expect(doctor.status == 0, "\(doctor.output)\(doctor.error)")
            let document = try JSONSerialization.jsonObject(with: Data(doctor.output.utf8)) as! [String: Any]
            #expect(document["server_version"] == nil)
            #expect(document["capabilities_known"] as? Bool == false)
            #expect(document["can_apply"] as? Bool == true)
            #expect((document["warnings"] as? [String])?.contains { $0.contains("before v22.3") } == true)
        }
    }

    @Test("a restricted account that may not write exclusive numbers: exit 1, naming the list, and no write")
    func restricted() async throws {
        try await TestSimulator.with({
            $0.capabilities = [
                "exclusive_numbers:read", "vip_numbers:write", "call_queue_blacklisted_numbers:write",
                "blacklisted_numbers:write",
            ]
        }) { simulator in
            let doctor = try await CLI(simulator: simulator).run("doctor")
            #expect(doctor.status == 1, "\(doctor.output)\(doctor.error)")
            #expect(
                doctor.output.contains(
                    "numsync cannot work fully here:\n  the account may not write exclusive_numbers: an apply that changes it would fail\n"
                ), "\(doctor.output)")
            #expect(doctor.output.contains("warning: the account may not read call_queues"))
            #expect(await simulator.statistics.current().writeRequests == 0)
        }
    }

    @Test("a rejected token and an unreachable server each get a clear message and exit 1")
    func unreachable() async throws {
        try await TestSimulator.with { simulator in
            let rejected = try await CLI(simulator: simulator).run(
                "doctor", environment: ["PORTSIP_TOKEN": "wrong"])
            #expect(rejected.status == 1)
            #expect(rejected.error.contains("GET /api/tenant/status: 401"), "\(rejected.error)")
        }
        try await RefusingPort.with { refusing in
            let nobody = try await CommandRun.run(
                TestPaths.numsync, ["doctor", "--server", refusing.url], environment: ["PORTSIP_TOKEN": "t"])
            #expect(nobody.status == 1)
            #expect(nobody.error.contains("connection refused (the request was not sent)"), "\(nobody.error)")
        }
    }

    @Test("doctor --targets diagnoses each target and ends with the worst exit code")
    func fleet() async throws {
        let directory = TestPaths.temporaryDirectory() + "/doctor-fleet"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try await TestSimulator.with({ $0.capabilities = ["exclusive_numbers:read"] }) { restricted in
            try await TestSimulator.with { open in
                let targets =
                    "targets:\n  - name: open\n    url: \(open.url)\n    token_env: T\n    files: [x.yaml]\n"
                    + "  - name: restricted\n    url: \(restricted.url)\n    token_env: T\n    files: [x.yaml]\n"
                try targets.write(toFile: directory + "/t.yaml", atomically: true, encoding: .utf8)
                let fleet = try await CommandRun.run(
                    TestPaths.numsync, ["doctor", "--targets", "t.yaml"],
                    environment: ["T": TestSimulator.token, "NUMSYNC_RATE_LIMIT": "0"], directory: directory)
                #expect(fleet.status == 1, "\(fleet.output)\(fleet.error)")
                #expect(fleet.output.contains("numsync can plan and apply here."), "\(fleet.output)")
                #expect(fleet.output.contains("the account may not write exclusive_numbers"))
            }
        }
    }

    @Test("over HTTPS it names the certificate's issuer and expiry, read with the same trust as every request")
    func certificate() async throws {
        let tls = TestPaths.fixtures + "/tls"
        try await TestSimulator.with({
            $0.tlsCertificatePath = tls + "/server.pem"
            $0.tlsKeyPath = tls + "/server.key"
        }) { simulator in
            let doctor = try await CLI(simulator: simulator).run("doctor", "--ca-cert", tls + "/ca.pem")
            #expect(doctor.status == 0, "\(doctor.output)\(doctor.error)")
            #expect(
                doctor.output.contains(
                    "  connection    HTTPS, certificate issued by CN=numsync test CA, expires 2126-11-05"),
                "\(doctor.output)")
            // Without the CA the client refuses the PBX, as every command does.
            let refused = try await CLI(simulator: simulator).run("doctor")
            #expect(refused.status == 1)
            #expect(refused.error.contains("--ca-cert"), "\(refused.error)")
        }
    }
}
