import AsyncHTTPClient
import Foundation
import NIOCore
import PortSIPSimulator
import TestSupport
import Testing

@testable import PortSIPSimulator

@Suite("Simulator faults")
struct FaultsTests {
    @Test("--fail-rate answers 500 and changes nothing")
    func fail() async throws {
        try await withSimulator({ $0.faults.failRate = 1 }) { simulator, http in
            let reply = try await http.post("/api/exclusive_numbers", #"{"number":"+1"}"#)
            #expect(reply.status == 500)
            #expect(await simulator.store.count == 0)
            #expect(await simulator.statistics.current().faults["fail"] == 1)
        }
    }

    @Test("--throttle-rate answers 429 with Retry-After and changes nothing")
    func throttle() async throws {
        try await withSimulator({
            $0.faults.throttleRate = 1
            $0.faults.retryAfterSeconds = 7
        }) { simulator, http in
            let reply = try await http.post("/api/exclusive_numbers", #"{"number":"+1"}"#)
            #expect(reply.status == 429)
            #expect(reply.headers.first(name: "Retry-After") == "7")
            #expect(await simulator.store.count == 0)
        }
    }

    @Test("--throttle-status 503 answers 503 with Retry-After and changes nothing")
    func throttleWith503() async throws {
        try await withSimulator({
            $0.faults.throttleRate = 1
            $0.faults.throttleStatus = 503
            $0.faults.retryAfterSeconds = 3
        }) { simulator, http in
            let reply = try await http.post("/api/exclusive_numbers", #"{"number":"+1"}"#)
            #expect(reply.status == 503)
            #expect(reply.headers.first(name: "Retry-After") == "3")
            #expect(await simulator.store.count == 0)
        }
    }

    @Test("a write held before its commit commits after the client has given up")
    func heldCommit() async throws {
        try await withSimulator { simulator, http in
            await simulator.commits.close()
            let sent = Task {
                try await http.post("/api/exclusive_numbers", #"{"number":"+1"}"#)
            }
            // Once the write waits to commit, the client gives up, as numsync with a short
            // --timeout would, and closes the connection.
            await simulator.commits.waitForArrivals(1)
            sent.cancel()
            _ = await sent.result
            #expect(await simulator.store.count == 0)
            await simulator.commits.open()
            try await eventually("the commit") { await simulator.store.count == 1 }
            #expect(await simulator.statistics.current().commits["create"] == 1)
        }
    }

    @Test("--commit-delay-ms answers a write no sooner than that, committed")
    func commitDelay() async throws {
        try await withSimulator({ $0.faults.commitDelayMilliseconds = 300 }) { simulator, http in
            let started = ContinuousClock.now
            let reply = try await http.post("/api/exclusive_numbers", #"{"number":"+1"}"#)
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            #expect(reply.status == 200)
            #expect(await simulator.store.count == 1)
        }
    }

    @Test("--drop-rate commits a write, then closes the connection without answering")
    func drop() async throws {
        try await withSimulator({ $0.faults.dropRate = 1 }) { simulator, http in
            await #expect(throws: HTTPClientError.self) {
                _ = try await http.post("/api/exclusive_numbers", #"{"number":"+1"}"#)
            }
            #expect(await simulator.store.count == 1)
            #expect(await simulator.statistics.current().faults["drop"] == 1)
            // Reads are never dropped.
            let read = try await http.get("/api/exclusive_numbers")
            #expect(read.status == 200)
        }
    }

    @Test("a rejected write is answered even when drops are on")
    func rejectedWriteIsAnswered() async throws {
        try await withSimulator({ $0.faults.dropRate = 1 }) { _, http in
            let reply = try await http.post("/api/exclusive_numbers", #"{"number":""}"#)
            #expect(reply.status == 400)
        }
    }

    @Test("--latency-ms delays every answer at least that long")
    func latency() async throws {
        try await withSimulator({ $0.faults.latencyMilliseconds = 150 }) { _, http in
            let started = ContinuousClock.now
            _ = try await http.get("/api/exclusive_numbers")
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }

    @Test("the same --seed gives the same faults")
    func seedRepeats() async {
        var faults = SimulatorConfiguration.Faults()
        faults.failRate = 0.3
        faults.throttleRate = 0.2
        faults.dropRate = 0.1
        faults.seed = 42
        let first = FaultInjector(faults)
        let second = FaultInjector(faults)
        var a: [FaultInjector.Fault] = []
        var b: [FaultInjector.Fault] = []
        for _ in 0..<200 {
            a.append(await first.draw(isWrite: true))
            b.append(await second.draw(isWrite: true))
        }
        #expect(a == b)
        let counts = Dictionary(grouping: a, by: { $0 }).mapValues(\.count)
        #expect(counts[.fail, default: 0] > 30 && counts[.throttle, default: 0] > 20 && counts[.drop, default: 0] > 5)
    }
}

@Suite("Simulator persistence and HTTPS")
struct PersistenceTests {
    @Test("state survives a restart with --data, written atomically")
    func survivesRestart() async throws {
        let directory = TestPaths.temporaryDirectory()
        let file = directory + "/sim.json"
        let id = try await withSimulator({ $0.dataFile = file }) { _, http in
            try await http.create("+14155550100", description: "Sales")
        }
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["sim.json"])
        try await withSimulator({ $0.dataFile = file }) { _, http in
            let record = try await http.get("/api/exclusive_numbers/\(id)")
            #expect(record.object["number"] as? String == "+14155550100")
            #expect(record.object["description"] as? String == "Sales")
        }
    }

    @Test("a corrupt data file is a clear startup error and is left as it was")
    func corruptFile() throws {
        let file = TestPaths.temporaryDirectory() + "/sim.json"
        try "{ not json".write(toFile: file, atomically: true, encoding: .utf8)
        var configuration = SimulatorConfiguration()
        configuration.dataFile = file
        #expect {
            _ = try Simulator(configuration: configuration)
        } throws: { error in
            "\(error)".contains("is not a numsync-sim data file")
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "{ not json")
    }

    @Test("with --tls-cert it serves HTTPS that a client trusting the CA accepts")
    func https() async throws {
        let tls = TestPaths.fixtures + "/tls"
        try await TestSimulator.with({
            $0.tlsCertificatePath = tls + "/server.pem"
            $0.tlsKeyPath = tls + "/server.key"
        }) { simulator in
            #expect(simulator.url.hasPrefix("https://"))
            try await SimulatorHTTP.with(simulator, caCertificate: tls + "/ca.pem") { http in
                let reply = try await http.get("/api/exclusive_numbers")
                #expect(reply.status == 200)
            }
        }
    }
}
