import Foundation
import PortSIPSimulator
import TestSupport
import Testing

/// A targets file comes from a pull request: everything in it is attacker-controlled until
/// reviewed. These tests attack the runs it starts.
@Suite("A hostile targets file")
struct TargetsHardeningTests {
    @Test(
        "files and ca_cert entries that look like options are refused at their lines, before any request: no token file is sent, no file written, no run started"
    )
    func optionsInFiles() async throws {
        try await ThreePBXs.with { fleet in
            let secretFile = fleet.directory + "/not-a-token.txt"
            try "contents-of-some-file-5e1\n".write(toFile: secretFile, atomically: true, encoding: .utf8)
            let planted = fleet.directory + "/overwritten.prom"
            let targets = """
                targets:
                  - name: eu-a
                    url: \(fleet.simulators["eu-a"]!.url)
                    token_env: PBX_EU_A_TOKEN
                    files: [numbers/eu/, "--token-file", "\(secretFile)", "--metrics-out", "\(planted)"]
                  - name: eu-b
                    url: \(fleet.simulators["eu-b"]!.url)
                    token_env: PBX_EU_B_TOKEN
                    ca_cert: --insecure
                    files: ["--targets", hostile.targets.yaml]

                """
            try targets.write(toFile: fleet.directory + "/hostile.targets.yaml", atomically: true, encoding: .utf8)
            let run = try await fleet.run("plan", "--targets", "hostile.targets.yaml")
            #expect(run.status == 1, "\(run.output)\(run.error)")
            for place in ["5:26", "9:14", "10:13"] {
                #expect(
                    run.error.contains("hostile.targets.yaml:\(place): error: "),
                    "no error at \(place): \(run.error)")
            }
            // Both option-like entries of line 5 are found.
            #expect(run.error.components(separatedBy: "hostile.targets.yaml:5:").count == 3, "\(run.error)")
            #expect(run.error.contains("must not start with `-`"))
            for simulator in fleet.simulators.values {
                #expect(await simulator.statistics.current().totalRequests == 0)
            }
            #expect(!FileManager.default.fileExists(atPath: planted))
            #expect(!(run.output + run.error).contains("contents-of-some-file-5e1"))
        }
    }

    @Test(
        "a target's file whose name starts with a dash is read as a file, written ./-name next to a bare targets file")
    func dashedFileName() async throws {
        try await ThreePBXs.with { fleet in
            try numbersYAML(20).write(toFile: fleet.directory + "/-lines.yaml", atomically: true, encoding: .utf8)
            let targets = """
                targets:
                  - name: eu-a
                    url: \(fleet.simulators["eu-a"]!.url)
                    token_env: PBX_EU_A_TOKEN
                    files: [./-lines.yaml]

                """
            try targets.write(toFile: fleet.directory + "/dash.targets.yaml", atomically: true, encoding: .utf8)
            let run = try await fleet.run("plan", "--targets", "dash.targets.yaml")
            #expect(run.status == 0, "\(run.output)\(run.error)")
            #expect(run.output.contains("No changes"))
        }
    }

    @Test(
        "a URL with a query or a fragment is refused at its line without repeating it, and numsync targets shows servers as origins only"
    )
    func urls() async throws {
        let directory = TestPaths.temporaryDirectory()
        let hostile = """
            targets:
              - name: a
                url: https://pbx.example.com:8887/?access_token=tok-91c2
                token_env: T
                files: [n.yaml]
              - name: b
                url: "https://pbx.example.com:8887/#tok-73aa"
                token_env: T
                files: [n.yaml]

            """
        try hostile.write(toFile: directory + "/hostile.yaml", atomically: true, encoding: .utf8)
        let refused = try await CommandRun.run(
            TestPaths.numsync, ["targets", "--targets", "hostile.yaml"], directory: directory)
        #expect(refused.status == 1)
        #expect(refused.error.contains("hostile.yaml:3:10: error: `url` must not have a query"))
        #expect(refused.error.contains("hostile.yaml:7:10: error: `url` must not have a query"))
        #expect(!(refused.output + refused.error).contains("tok-"))

        let good = """
            targets:
              - name: proxied
                url: HTTPS://PBX.example.com:8887/portsip/api/
                token_env: T
                files: [n.yaml]

            """
        try good.write(toFile: directory + "/good.yaml", atomically: true, encoding: .utf8)
        for format in ["text", "json"] {
            let listed = try await CommandRun.run(
                TestPaths.numsync, ["targets", "--targets", "good.yaml", "--format", format], directory: directory)
            #expect(listed.status == 0, "\(listed.error)")
            #expect(listed.output.contains("https://pbx.example.com:8887/portsip"))
            #expect(!listed.output.contains("/api"))
        }
    }

    @Test("--targets is refused inside a target's run: a targets file cannot make numsync start itself")
    func noTargetsInsideATarget() async throws {
        let directory = TestPaths.temporaryDirectory()
        try "targets:\n  - name: a\n    url: https://pbx.example.com\n    token_env: T\n    files: [n.yaml]\n"
            .write(toFile: directory + "/self.yaml", atomically: true, encoding: .utf8)
        // As a target's run sees it: started by this process, which says so.
        let run = try await CommandRun.run(
            TestPaths.numsync, ["plan", "--targets", "self.yaml"],
            environment: ["NUMSYNC_FLEET_PARENT": String(getpid())], directory: directory)
        #expect(run.status == 1, "\(run.output)\(run.error)")
        #expect(run.error.contains("--targets is refused inside a target's run"))
    }

    @Test("after kill -KILL of numsync plan --targets, the target's run ends too instead of running on alone")
    func killedFleet() async throws {
        try await ThreePBXs.with { fleet in
            let pbx = fleet.simulators["eu-a"]!
            // eu-a hangs until released: its run waits for its first page for as long as it lives.
            await pbx.hold.close()
            let running = try CommandRun.start(
                TestPaths.numsync, ["plan", "--targets", fleet.targetsFile, "--target", "eu-a", "--timeout", "3600"],
                environment: fleet.environment, directory: fleet.directory)
            await pbx.hold.waitForArrivals(1)
            let children = ProcessTable.children(of: running.pid)
            #expect(children.count == 1, "\(children)")
            running.signal(SIGKILL)
            for child in children {
                let ended = await ProcessTable.waitForEnd(of: child)
                #expect(ended, "target run \(child) outlived the run that started it")
                if !ended { kill(child, SIGKILL) }
            }
            _ = await running.wait()
        }
    }
}

/// Processes, as /proc shows them.
enum ProcessTable {
    /// The ids of the running processes whose parent is `pid`.
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { candidate in
            guard let (parent, state) = status(of: candidate) else { return false }
            return parent == pid && state != "Z"
        }
    }

    /// Waits until `pid` has ended (gone, or a zombie nobody reaped), polling; false if it is
    /// still running after a minute, which only a process that ignores its parent's end does.
    static func waitForEnd(of pid: Int32) async -> Bool {
        for _ in 0..<1200 {
            guard let (_, state) = status(of: pid), state != "Z" else { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// The parent id and state letter from `/proc/PID/stat` (the name may hold spaces and
    /// parentheses: the fields after its last `)` are read).
    private static func status(of pid: Int32) -> (parent: Int32, state: String)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let parent = Int32(fields[1]) else { return nil }
        return (parent, String(fields[0]))
    }
}
