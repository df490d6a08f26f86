import Foundation
import TestSupport
import Testing

@Suite("Packaging and the simulator executable")
struct PackagingTests {
    @Test("the numsync executable does not link Hummingbird; only numsync-sim does")
    func noHummingbirdInNumsync() throws {
        let numsync = try Data(contentsOf: URL(fileURLWithPath: TestPaths.numsync))
        let simulator = try Data(contentsOf: URL(fileURLWithPath: TestPaths.simulator))
        let marker = Data("Hummingbird".utf8)
        #expect(numsync.range(of: marker) == nil)
        #expect(simulator.range(of: marker) != nil)
    }

    @Test("the core imports nothing, not even Foundation, in any of its folders")
    func coreImportsNothing() throws {
        let core = TestPaths.package + "/Sources/NumSyncCore"
        let files = try #require(FileManager.default.subpaths(atPath: core)).filter { $0.hasSuffix(".swift") }
        #expect(files.count > 40)
        for file in files {
            let text = try String(contentsOfFile: core + "/" + file, encoding: .utf8)
            let imports = text.split(separator: "\n").filter {
                $0.hasPrefix("import ") || $0.hasPrefix("@testable import ") || $0.hasPrefix("@_exported import ")
            }
            #expect(imports.isEmpty, "\(file) imports \(imports)")
        }
    }

    @Test("numsync-sim prints its address, serves, and stops cleanly on SIGTERM with its state written")
    func simulatorExecutable() async throws {
        let data = TestPaths.temporaryDirectory() + "/sim.json"
        let running = try CommandRun.start(
            TestPaths.simulator, ["--port", "0", "--data", data], environment: ["NUMSYNC_SIM_TOKEN": "abc"])
        // The first line is the address.
        var address: String?
        try await eventually("the address") {
            address = running.currentOutput.firstMatch(of: /http:\/\/127\.0\.0\.1:\d+/).map { String($0.output) }
            return address != nil
        }
        let url = try #require(address)
        let path = try writeDesired("exclusive_numbers:\n  - number: \"+1\"\n")
        let apply = try await CommandRun.run(
            TestPaths.numsync, ["apply", path, "--auto-approve"],
            environment: ["PORTSIP_URL": url, "PORTSIP_TOKEN": "abc"])
        #expect(apply.status == 0, "\(apply.error)")
        running.signal(SIGTERM)
        let stopped = await running.wait()
        #expect(stopped.status == 0)
        let saved = try String(contentsOfFile: data, encoding: .utf8)
        #expect(saved.contains(#""number" : "+1""#))
    }

    @Test(
        "numsync-sim refuses bad options with a clear message",
        arguments: [
            (["--fail-rate", "2"], "--fail-rate must be between 0 and 1"),
            (["--paging", "sideways"], "--paging must be one of"),
            (["--tls-cert", "x.pem"], "--tls-cert and --tls-key go together"),
            (["--agents-set", "sideways"], "--agents-set must be replace or add"),
            (["--seed-queues", "/nonexistent/queues.json"], "--seed-queues: cannot read /nonexistent/queues.json"),
        ])
    func badOptions(arguments: [String], message: String) async throws {
        let run = try await CommandRun.run(TestPaths.simulator, arguments)
        #expect(run.status != 0)
        #expect(run.error.contains(message))
    }

    @Test("numsync-sim refuses a corrupt data file and leaves it alone")
    func corruptData() async throws {
        let data = TestPaths.temporaryDirectory() + "/sim.json"
        try "garbage".write(toFile: data, atomically: true, encoding: .utf8)
        let run = try await CommandRun.run(TestPaths.simulator, ["--port", "0", "--token", "t", "--data", data])
        #expect(run.status == 1)
        #expect(run.error.contains("is not a numsync-sim data file"))
        #expect(try String(contentsOfFile: data, encoding: .utf8) == "garbage")
    }
}
