import Foundation
import PortSIPSimulator
import TestSupport

/// Runs the built `numsync` against a simulator.
struct CLI {
    let simulator: RunningSimulator
    var token = TestSimulator.token

    /// Unpaced unless a test asks: pacing has its own tests (`RateLimitCommandTests`), and at
    /// PortSIP's 5,000 a minute the suite's large applies would take minutes.
    var rateLimit = "0"

    var environment: [String: String] {
        ["PORTSIP_URL": simulator.url, "PORTSIP_TOKEN": token, "NUMSYNC_RATE_LIMIT": rateLimit]
    }

    func run(_ arguments: String..., input: String = "", environment extra: [String: String] = [:]) async throws
        -> CommandRun
    {
        try await run(arguments, input: input, environment: extra)
    }

    func run(_ arguments: [String], input: String = "", environment extra: [String: String] = [:]) async throws
        -> CommandRun
    {
        try await CommandRun.run(
            TestPaths.numsync, arguments, environment: environment.merging(extra) { $1 }, input: input)
    }

    func start(_ arguments: [String]) throws -> CommandRun.Running {
        try CommandRun.start(TestPaths.numsync, arguments, environment: environment)
    }
}

/// A desired-state file in a fresh directory; returns its path.
func writeDesired(_ yaml: String, name: String = "numbers.yaml") throws -> String {
    let path = TestPaths.temporaryDirectory() + "/" + name
    try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// YAML for `count` numbers starting at `+1888...`, with descriptions that carry `tag`.
func numbersYAML(_ count: Int, tag: String = "v1", unmanaged: String = "ignore", start: Int = 0) -> String {
    var yaml = "unmanaged: \(unmanaged)\nexclusive_numbers:\n"
    for index in start..<start + count {
        yaml += "  - number: \"+1888\(1_000_000 + index)\"\n    description: \"\(tag) line \(index)\"\n"
        if index % 7 == 0 { yaml += "    enabled: false\n" }
    }
    return yaml
}

/// Records matching `numbersYAML` (for seeding), with ids `s-N`.
func numbersRecords(_ count: Int, tag: String = "v1") -> [WireNumber] {
    (0..<count).map { index in
        WireNumber(
            id: "s-\(index)", number: "+1888\(1_000_000 + index)", created_at: "2026-01-01T00:00:00Z",
            enabled: index % 7 != 0, description: "\(tag) line \(index)")
    }
}
