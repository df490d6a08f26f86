import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("Simulator paging")
struct PagingTests {
    @Test(
        "pages hold top items from skip, and count is the total",
        arguments: [
            (0, 0, 100, 0), (100, 0, 100, 100), (101, 0, 100, 100), (101, 100, 100, 1), (250, 200, 100, 50),
            (250, 100, 100, 100), (250, 300, 100, 0), (250, 10, 5, 5),
        ])
    func pages(total: Int, skip: Int, top: Int, expected: Int) async throws {
        try await withSimulator({ _ in }, seed: TestSimulator.records(total)) { _, http in
            let page = try await http.get("/api/exclusive_numbers?skip=\(skip)&top=\(top)")
            #expect(page.status == 200)
            #expect(page.object["count"] as? Int == total)
            #expect(page.items.count == expected)
            if expected > 0 {
                #expect(page.items.first?["id"] as? String == "id-\(skip)")
            }
        }
    }

    @Test("without skip and top the first 100 come back")
    func defaultPage() async throws {
        try await withSimulator({ _ in }, seed: TestSimulator.records(150)) { _, http in
            let page = try await http.get("/api/exclusive_numbers")
            #expect(page.items.count == 100)
            #expect(page.object["count"] as? Int == 150)
        }
    }

    @Test(
        "out-of-range skip and top answer 400 VALIDATE_FAILED",
        arguments: ["top=101", "top=0", "skip=-1", "top=abc", "skip=1.5"])
    func outOfRange(query: String) async throws {
        try await withSimulator { _, http in
            let reply = try await http.get("/api/exclusive_numbers?\(query)")
            #expect(reply.status == 400)
            #expect(reply.errorCodes == ["VALIDATE_FAILED"])
        }
    }

    @Test("--paging ignore returns every item whatever skip and top say")
    func ignorePaging() async throws {
        try await withSimulator({ $0.paging = .ignore }, seed: TestSimulator.records(250)) { _, http in
            let page = try await http.get("/api/exclusive_numbers?skip=100&top=100")
            #expect(page.items.count == 250)
            #expect(page.object["count"] as? Int == 250)
        }
    }

    @Test("--paging overlap repeats the previous page's last item")
    func overlapPaging() async throws {
        try await withSimulator({ $0.paging = .overlap }, seed: TestSimulator.records(250)) { _, http in
            let first = try await http.get("/api/exclusive_numbers?skip=0&top=100")
            let second = try await http.get("/api/exclusive_numbers?skip=100&top=100")
            #expect(first.items.last?["id"] as? String == second.items.first?["id"] as? String)
        }
    }

    @Test("--paging short says count is larger than what the pages yield")
    func shortPaging() async throws {
        try await withSimulator({ $0.paging = .short }, seed: TestSimulator.records(250)) { _, http in
            let page = try await http.get("/api/exclusive_numbers?skip=200&top=100")
            #expect(page.object["count"] as? Int == 253)
            #expect(page.items.count == 50)
        }
    }

    @Test("--paging no-count pages as documented but leaves count out")
    func noCountPaging() async throws {
        try await withSimulator({ $0.paging = .noCount }, seed: TestSimulator.records(150)) { _, http in
            let first = try await http.get("/api/exclusive_numbers?skip=0&top=100")
            let second = try await http.get("/api/exclusive_numbers?skip=100&top=100")
            #expect(first.object["count"] == nil)
            #expect(first.items.count == 100)
            #expect(second.items.count == 50)
        }
    }

    @Test("--paging shift moves the records under the first listing: count stays, no id repeats, one is never read")
    func shiftPaging() async throws {
        try await withSimulator({ $0.paging = .shift }, seed: TestSimulator.records(250)) { simulator, http in
            func listing() async throws -> [String] {
                var ids: [String] = []
                for skip in [0, 100, 200] {
                    let page = try await http.get("/api/exclusive_numbers?skip=\(skip)&top=100")
                    #expect(page.object["count"] as? Int == 250)
                    ids += page.items.compactMap { $0["id"] as? String }
                }
                return ids
            }
            let shifted = try await listing()
            #expect(shifted.count == 250)
            #expect(Set(shifted).count == 250)
            // id-99 was read and then removed; id-100 moved onto the first page and was never read.
            #expect(shifted.contains("id-99"))
            #expect(!shifted.contains("id-100"))
            let settled = try await listing()
            #expect(!settled.contains("id-99"))
            #expect(settled.contains("id-100"))
            #expect(await simulator.statistics.current().faults["shift"] == 1)
        }
    }
}
