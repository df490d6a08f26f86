import Foundation
import NumSyncCore
import NumSyncFixtures
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Simulator routes for the other number lists")
struct NumberListRoutesTests {
    @Test("every list is served: create, list, retrieve, update, destroy", arguments: PortSIPList.all)
    func everyListIsServed(list: PortSIPList) async throws {
        try await withSimulator { _, http in
            let base = "/api/\(list.path)"
            let level = list.field(named: "level") != nil ? #","level":"FIRST""# : ""
            let created = try await http.post(base, #"{"number":"+15550001","description":"a"\#(level)}"#)
            #expect(created.status == list.createdStatus)
            let id = try #require(created.object["id"] as? String)
            #expect(try await http.post("\(base)/\(id)", #"{"description":"b"}"#).status == 200)
            #expect(try await http.get("\(base)/\(id)").object["description"] as? String == "b")
            let listed = try await http.get(base)
            #expect(listed.items.map { $0["number"] as? String } == ["+15550001"])
            #expect((listed.object["count"] != nil) == list.listingHasCount)
            #expect(try await http.post("\(base)/\(id)/destroy", "").status == 204)
            #expect(try await http.get("\(base)/\(id)").status == 404)
        }
    }

    @Test("the number blacklist answers a create with 201; the call-queue blacklist lists without count")
    func vendorQuirks() async throws {
        try await withSimulator { _, http in
            #expect(try await http.post("/api/blacklisted_numbers", #"{"number":"+1900SPAM"}"#).status == 201)
            _ = try await http.post("/api/call_queue_blacklisted_numbers", #"{"number":"+1","level":"SECOND"}"#)
            let listed = try await http.get("/api/call_queue_blacklisted_numbers")
            #expect(listed.object["count"] == nil)
            #expect(listed.items.count == 1)
        }
    }

    @Test(
        "each list validates what PortSIP validates",
        arguments: [
            ("call_queue_blacklisted_numbers", #"{"number":"+1"}"#, "level is required"),
            (
                "call_queue_blacklisted_numbers", #"{"number":"+1","level":"first"}"#,
                "level must be one of FIRST, SECOND"
            ),
            ("vip_numbers", #"{"number":"+1 415"}"#, "number must match"),
            ("blacklisted_numbers", #"{"number":"++1"}"#, "number must match"),
            ("blacklisted_numbers", #"{"number":"+1","enabled":true}"#, #"unknown field "enabled""#),
            ("vip_numbers", #"{"number":"+1","expire_at":"tomorrow"}"#, "expire_at must be an RFC 3339 date-time"),
            // PortSIP's reference types them strings: a create leaves out what it has no value for.
            ("vip_numbers", #"{"number":"+1","description":null}"#, "description must be a string, got null"),
            ("blacklisted_numbers", #"{"number":"+1","expire_at":null}"#, "expire_at must be a string, got null"),
            ("exclusive_numbers", #"{"number":"+1","description":null}"#, "description must be a string, got null"),
            // What PortSIP answers 400: no such day, a leap second, an offset of a day or more, a space.
            ("vip_numbers", #"{"number":"+1","expire_at":"2027-02-31T00:00:00Z"}"#, "expire_at must be an RFC 3339"),
            ("vip_numbers", #"{"number":"+1","expire_at":"2027-02-29T00:00:00Z"}"#, "expire_at must be an RFC 3339"),
            ("vip_numbers", #"{"number":"+1","expire_at":"2027-06-30T23:59:60Z"}"#, "expire_at must be an RFC 3339"),
            (
                "vip_numbers", #"{"number":"+1","expire_at":"2027-06-30T23:59:59+99:99"}"#,
                "expire_at must be an RFC 3339"
            ),
            ("vip_numbers", #"{"number":"+1","expire_at":"2027-06-30 23:59:59Z"}"#, "expire_at must be an RFC 3339"),
        ])
    func validation(path: String, body: String, message: String) async throws {
        try await withSimulator { _, http in
            let reply = try await http.post("/api/\(path)", body)
            #expect(reply.status == 400)
            #expect(reply.errorMessages.contains { $0.contains(message) }, "\(reply.errorMessages)")
        }
    }

    @Test("expire_at is stored in UTC, a blank one is null, and fields numsync leaves alone are kept")
    func timestampsAndOtherFields() async throws {
        try await withSimulator { _, http in
            let created = try await http.post(
                "/api/vip_numbers", #"{"number":"+1","expire_at":"2027-06-30T23:59:59+02:00","address":"HQ"}"#)
            let id = try #require(created.object["id"] as? String)
            let record = try await http.get("/api/vip_numbers/\(id)")
            #expect(record.object["expire_at"] as? String == "2027-06-30T21:59:59Z")
            #expect(record.object["address"] as? String == "HQ")
            _ = try await http.post("/api/vip_numbers/\(id)", #"{"expire_at":null}"#)
            let cleared = try await http.get("/api/vip_numbers/\(id)")
            #expect(cleared.object["expire_at"] is NSNull)
            #expect(cleared.object["address"] as? String == "HQ")
        }
    }

    @Test("--data keeps every list, each beside the data file")
    func dataKeepsEveryList() async throws {
        let data = TestPaths.temporaryDirectory() + "/sim.json"
        try await TestSimulator.with({ $0.dataFile = data }) { simulator in
            let http = try SimulatorHTTP(simulator)
            _ = try await http.post("/api/vip_numbers", #"{"number":"+1"}"#)
            _ = try await http.post("/api/blacklisted_numbers", #"{"number":"+2"}"#)
            await http.shutdown()
        }
        let vipFile = Simulator.dataFile(data, of: .vipNumbers)
        #expect(vipFile.hasSuffix("/sim.vip_numbers.json"))
        #expect(FileManager.default.fileExists(atPath: vipFile))
        let restarted = try Simulator(
            configuration: {
                var configuration = SimulatorConfiguration()
                configuration.dataFile = data
                return configuration
            }())
        #expect(await restarted.stores["vip_numbers"]!.all().map(\.number) == ["+1"])
        #expect(await restarted.stores["blacklisted_numbers"]!.all().map(\.number) == ["+2"])
        #expect(await restarted.stores["exclusive_numbers"]!.count == 0)
    }
}
