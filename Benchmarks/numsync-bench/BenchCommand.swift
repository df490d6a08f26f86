import ArgumentParser
import AsyncHTTPClient
import CYAML
import Crypto
import Foundation
import NIOCore
import NumSync
import NumSyncCore
import NumSyncFixtures

/// Measurements that need to run inside one process: loading, pure planning, and a load
/// generator for the simulator's capacity. `scripts/bench` drives it; each prints one JSON line.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numsync-bench",
        abstract: "In-process measurements for scripts/bench.",
        subcommands: [Load.self, Scan.self, PurePlan.self, Creates.self]
    )
}

/// The median of measured durations, in seconds.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Loads a desired-state file with numsync's loader, as `validate` and `plan` do: the median
/// (warm: the allocator reuses memory of earlier runs, as it does for the C scan) and the
/// first run (cold), with the page faults of each.
struct Load: ParsableCommand {
    @Argument var file: String
    @Option var runs = 5

    func run() throws {
        var times: [Double] = []
        var faults: [Double] = []
        var count = 0
        for _ in 0..<runs {
            let clock = ContinuousClock()
            var result: DesiredStateLoader.Result?
            let faultsBefore = minorPageFaults()
            let elapsed = clock.measure { result = DesiredStateLoader().load([file]) }
            faults.append(Double(minorPageFaults() - faultsBefore))
            guard let result, result.succeeded else {
                throw ValidationError("the file does not load: \(result?.diagnostics.first?.message ?? "?")")
            }
            count = result.state.entryCount
            times.append(seconds(elapsed))
        }
        // The same work, phase by phase, on the bytes already in memory.
        let bytes = [UInt8](FileManager.default.contents(atPath: file)!)
        var phases: [String: [Double]] = [:]
        for _ in 0..<runs {
            let clock = ContinuousClock()
            var document: YAMLDocument?
            phases["read", default: []].append(
                seconds(clock.measure { document = YAMLReader.read(bytes, file: file).document }))
            var decoded: DesiredFile?
            phases["decode", default: []].append(
                seconds(clock.measure { decoded = DesiredFileDecoder.decode(document!).file }))
            phases["combine", default: []].append(seconds(clock.measure { _ = DesiredState.combining([decoded!]) }))
            phases["digest", default: []].append(
                seconds(
                    clock.measure {
                        var digest = SHA256()
                        digest.update(data: bytes)
                        _ = digest.finalize()
                    }))
        }
        let phaseText = phases.keys.sorted().map { #""\#($0)": \#(median(phases[$0]!))"# }.joined(separator: ", ")
        print(
            #"{"median_seconds": \#(median(times)), "first_seconds": \#(times[0]), "#
                + #""median_page_faults": \#(median(faults)), "first_page_faults": \#(faults[0]), "#
                + #""numbers": \#(count), "runs": \#(runs), "phases": {\#(phaseText)}}"#
        )
    }
}

/// Minor page faults of this process so far: fresh memory the kernel had to hand out.
func minorPageFaults() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_minflt
}

/// A bare libyaml event scan from Swift, reading the file as the loader does: what the reader
/// costs before it builds anything.
struct Scan: ParsableCommand {
    @Argument var file: String
    @Option var runs = 5

    func run() throws {
        var times: [Double] = []
        var events = 0
        for _ in 0..<runs {
            let clock = ContinuousClock()
            times.append(
                seconds(clock.measure { events = scanEvents([UInt8](FileManager.default.contents(atPath: file)!)) }))
        }
        print(#"{"median_seconds": \#(median(times)), "events": \#(events), "runs": \#(runs)}"#)
    }
}

func scanEvents(_ bytes: [UInt8]) -> Int {
    let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
    let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
    defer {
        parser.deallocate()
        event.deallocate()
    }
    yaml_parser_initialize(parser)
    defer { yaml_parser_delete(parser) }
    var events = 0
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(parser, buffer.baseAddress, buffer.count)
        while yaml_parser_parse(parser, event) == 1 {
            events += 1
            let done = event.pointee.type == YAML_STREAM_END_EVENT
            yaml_event_delete(event)
            if done { break }
        }
    }
    return events
}

/// Plans `size` desired numbers against `size` observed ones, 1 % of them changed.
struct PurePlan: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan")
    @Option var size = 100_000
    @Option var runs = 5

    func run() throws {
        let location = NumSyncCore.SourceLocation(file: "bench.yaml", line: 1, column: 1)
        let desired = DesiredList(
            numbers: (0..<size).map {
                DesiredNumber(number: "+1\(4_155_000_000 + $0)", description: "Line \($0)", source: location)
            }, in: .exclusiveNumbers)
        let observed = (0..<size).map {
            ObservedRecord(
                id: "id\($0)", number: "+1\(4_155_000_000 + $0)", enabled: true,
                description: $0 % 100 == 0 ? "changed" : "Line \($0)", createdAt: "2026-01-01T00:00:00Z")
        }
        var times: [Double] = []
        var operations = 0
        for _ in 0..<runs {
            let clock = ContinuousClock()
            var plan: ListPlan?
            let elapsed = clock.measure {
                plan = ListPlan(desired: desired, observed: observed, policy: PlanPolicy(unmanaged: .ignore))
            }
            operations = plan!.changes.count
            times.append(seconds(elapsed))
        }
        print(
            #"{"median_seconds": \#(median(times)), "operations": \#(operations), "size": \#(size), "runs": \#(runs)}"#)
    }
}

/// Sends only creates, at high concurrency: the simulator's own capacity for creates.
struct Creates: AsyncParsableCommand {
    @Option var url: String
    @Option var token: String
    @Option var count = 10_000
    @Option var concurrency = 64

    func run() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let started = ContinuousClock.now
        let failures = await withTaskGroup(of: Bool.self) { group in
            var next = 0
            var failures = 0
            func add() {
                guard next < count else { return }
                let index = next
                next += 1
                group.addTask {
                    var request = HTTPClientRequest(url: url + "/api/exclusive_numbers")
                    request.method = .POST
                    request.headers.add(name: "Authorization", value: "Bearer \(token)")
                    request.headers.add(name: "Content-Type", value: "application/json")
                    request.body = .bytes(
                        ByteBuffer(
                            string: #"{"number":"+1999\#(1_000_000 + index)","enabled":true,"description":"load"}"#))
                    guard let response = try? await client.execute(request, timeout: .seconds(30)) else { return false }
                    _ = try? await response.body.collect(upTo: 1 << 20)
                    return response.status == .ok
                }
            }
            for _ in 0..<concurrency { add() }
            while let ok = await group.next() {
                if !ok { failures += 1 }
                add()
            }
            return failures
        }
        let elapsed = seconds(ContinuousClock.now - started)
        try await client.shutdown()
        print(#"{"seconds": \#(elapsed), "creates_per_second": \#(Double(count) / elapsed), "failures": \#(failures)}"#)
    }
}
