import Foundation
import PortSIPSimulator

/// Starts `numsync-sim` in-process on a free loopback port, for tests that need a real server.
public enum TestSimulator {
    /// The token every test simulator accepts.
    public static let token = "test-token-7f3a"

    /// Starts a simulator, lets `configure` adjust it, seeds `records`, runs `body`, and stops it.
    public static func with<T>(
        _ configure: (inout SimulatorConfiguration) -> Void = { _ in },
        seed records: [WireNumber] = [],
        _ body: (RunningSimulator) async throws -> T
    ) async throws -> T {
        let running = try await start(configure, seed: records)
        do {
            let result = try await body(running)
            try await running.stop()
            return result
        } catch {
            try? await running.stop()
            throw error
        }
    }

    /// Starts a simulator; the caller stops it.
    public static func start(
        _ configure: (inout SimulatorConfiguration) -> Void = { _ in }, seed records: [WireNumber] = []
    ) async throws -> RunningSimulator {
        var configuration = SimulatorConfiguration()
        configuration.token = token
        configure(&configuration)
        let simulator = try Simulator(configuration: configuration)
        if !records.isEmpty { await simulator.store.insert(records) }
        return try await simulator.start()
    }

    /// `count` records numbered `+1555000000` upwards, with ids `id-0`, `id-1`, ...
    public static func records(
        _ count: Int, prefix: String = "+1555", description: (Int) -> String? = { "Line \($0)" }
    ) -> [WireNumber] {
        (0..<count).map { index in
            let digits = String(index)
            let number = prefix + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
            return WireNumber(
                id: "id-\(index)", number: number, created_at: "2026-01-01T00:00:00Z", enabled: true,
                description: description(index))
        }
    }
}
