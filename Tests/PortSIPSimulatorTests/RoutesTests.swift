import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Simulator routes")
struct RoutesTests {
    @Test("create answers 200 with an id, and retrieve gives the record back")
    func createAndRetrieve() async throws {
        try await withSimulator { _, http in
            let created = try await http.post(
                "/api/exclusive_numbers", #"{"number":"+14155550100","enabled":false,"description":"Sales"}"#)
            #expect(created.status == 200)
            let id = try #require(created.object["id"] as? String)
            // The docs' style: base64 of a decimal snowflake id.
            let decoded = try #require(Data(base64Encoded: id).map { String(decoding: $0, as: UTF8.self) })
            #expect(!decoded.isEmpty && decoded.allSatisfy(\.isNumber))
            let record = try await http.get("/api/exclusive_numbers/\(id)")
            #expect(record.status == 200)
            #expect(record.object["id"] as? String == id)
            #expect(record.object["number"] as? String == "+14155550100")
            #expect(record.object["enabled"] as? Bool == false)
            #expect(record.object["description"] as? String == "Sales")
            let createdAt = try #require(record.object["created_at"] as? String)
            #expect(createdAt.count == 20 && createdAt.hasSuffix("Z") && createdAt.contains("T"))
        }
    }

    @Test("enabled defaults to true, and a blank description is sent as \"\", as PortSIP's OpenAPI has it")
    func defaultsAndBlankDescription() async throws {
        try await withSimulator { _, http in
            let id = try await http.create("+1", description: "")
            let record = try await http.get("/api/exclusive_numbers/\(id)")
            #expect(record.object["enabled"] as? Bool == true)
            #expect(record.object["description"] as? String == "")
            let listed = try await http.get("/api/exclusive_numbers")
            #expect(listed.items.first?["description"] as? String == "")
        }
    }

    @Test("--blank-description null sends a blank description as null, as a real PBX may")
    func blankDescriptionAsNull() async throws {
        try await withSimulator({ $0.blankDescription = .null }) { _, http in
            let id = try await http.create("+1", description: "")
            let record = try await http.get("/api/exclusive_numbers/\(id)")
            #expect(record.object["description"] is NSNull)
            let raw = String(decoding: record.body, as: UTF8.self)
            #expect(raw.contains(#""description":null"#))
            let listed = try await http.get("/api/exclusive_numbers")
            #expect(listed.items.first?["description"] is NSNull)
        }
    }

    @Test("update is partial and answers 200 with no body")
    func partialUpdate() async throws {
        try await withSimulator { _, http in
            let id = try await http.create("+1", description: "old", enabled: false)
            let updated = try await http.post("/api/exclusive_numbers/\(id)", #"{"description":"new"}"#)
            #expect(updated.status == 200)
            #expect(updated.body.isEmpty)
            let record = try await http.get("/api/exclusive_numbers/\(id)")
            #expect(record.object["description"] as? String == "new")
            #expect(record.object["enabled"] as? Bool == false)
            #expect(record.object["number"] as? String == "+1")
        }
    }

    @Test("destroy answers 204, and the record is gone")
    func destroy() async throws {
        try await withSimulator { _, http in
            let id = try await http.create("+1")
            let destroyed = try await http.post("/api/exclusive_numbers/\(id)/destroy")
            #expect(destroyed.status == 204)
            let record = try await http.get("/api/exclusive_numbers/\(id)")
            #expect(record.status == 404)
            #expect(record.errorCodes == ["NOT_FOUND"])
            let list = try await http.get("/api/exclusive_numbers")
            #expect(list.object["count"] as? Int == 0)
        }
    }

    @Test(
        "unknown ids answer 404 with PortSIP's error body",
        arguments: [
            ("GET", "/api/exclusive_numbers/nope"), ("POST", "/api/exclusive_numbers/nope"),
            ("POST", "/api/exclusive_numbers/nope/destroy"), ("GET", "/api/no_such_route"),
        ])
    func unknownIDs(method: String, path: String) async throws {
        try await withSimulator { _, http in
            let reply =
                method == "GET" ? try await http.get(path) : try await http.post(path, #"{"description":"x"}"#)
            #expect(reply.status == 404)
            #expect(reply.errorCodes == ["NOT_FOUND"])
        }
    }

    @Test(
        "bodies are validated as the reference states, with VALIDATE_FAILED",
        arguments: [
            (#"{"enabled":true}"#, "number is required"),
            (#"{"number":""}"#, "number must be 1 to 64 characters"),
            (#"{"number":"\#(String(repeating: "1", count: 65))"}"#, "number must be 1 to 64 characters"),
            (#"{"number":14155550100}"#, "number must be a string"),
            (#"{"number":"+1","enabled":"yes"}"#, "enabled must be a boolean"),
            (#"{"number":"+1","enabled":1}"#, "enabled must be a boolean"),
            (#"{"number":"+1","description":"\#(String(repeating: "x", count: 1025))"}"#, "at most 1024 characters"),
            (#"{"number":"+1","description":5}"#, "description must be a string"),
            (#"{"number":"+1","queue":"8001"}"#, #"unknown field "queue""#),
            (#"["+1"]"#, "request body must be a JSON object"),
            ("not json", "request body must be a JSON object"),
        ])
    func validation(body: String, message: String) async throws {
        try await withSimulator { simulator, http in
            let reply = try await http.post("/api/exclusive_numbers", body)
            #expect(reply.status == 400)
            #expect(reply.errorCodes.allSatisfy { $0 == "VALIDATE_FAILED" } && !reply.errorCodes.isEmpty)
            #expect(reply.errorMessages.contains { $0.contains(message) }, "\(reply.errorMessages)")
            #expect(await simulator.store.count == 0)
        }
    }

    @Test("1024 characters of description and 64 of number are accepted")
    func limitsAreInclusive() async throws {
        try await withSimulator { _, http in
            let body =
                #"{"number":"\#(String(repeating: "1", count: 64))","description":"\#(String(repeating: "é", count: 1024))"}"#
            let reply = try await http.post("/api/exclusive_numbers", body)
            #expect(reply.status == 200)
        }
    }

    @Test("the same number may be created twice, as nothing says a PBX refuses it")
    func duplicatesAreAccepted() async throws {
        try await withSimulator { _, http in
            _ = try await http.create("+1")
            _ = try await http.create("+1")
            #expect(try await http.get("/api/exclusive_numbers").object["count"] as? Int == 2)
        }
    }

    @Test("a hundred concurrent creates all succeed and are all listed")
    func concurrentCreates() async throws {
        try await withSimulator { _, http in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<100 { group.addTask { try await http.create("+1555\(index)") } }
                var ids: [String] = []
                for try await id in group { ids.append(id) }
                return ids
            }
            #expect(Set(ids).count == 100)
            let list = try await http.get("/api/exclusive_numbers")
            #expect(list.object["count"] as? Int == 100)
            #expect(Set(list.items.compactMap { $0["id"] as? String }) == Set(ids))
        }
    }

    @Test("request counts are kept by route")
    func statistics() async throws {
        try await withSimulator { simulator, http in
            let id = try await http.create("+1")
            _ = try await http.get("/api/exclusive_numbers/\(id)")
            _ = try await http.get("/api/exclusive_numbers")
            let stats = await simulator.statistics.current()
            #expect(stats.requests("POST /api/exclusive_numbers") == 1)
            #expect(stats.requests("GET /api/exclusive_numbers/{id}") == 1)
            #expect(stats.requests("GET /api/exclusive_numbers") == 1)
            #expect(stats.commits["create"] == 1)
            let overHTTP = try await http.get("/_sim/stats", token: nil)
            #expect((overHTTP.object["requests"] as? [String: Int])?["POST /api/exclusive_numbers"] == 1)
        }
    }
}
