import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Server listing")
struct ServerListingTests {
    let records = [
        held("+2", id: "c", created: "2026-03-01T00:00:00Z"), held("+1", id: "b", created: "2026-02-01T00:00:00Z"),
        held("+2", id: "a", created: "2026-01-01T00:00:00Z"), held("+1", id: "d", created: "2026-01-15T00:00:00Z"),
        held("+2", id: "e", created: "2026-02-01T00:00:00Z"), held("+3", id: "f"),
    ]

    @Test("the managed copy of each number is the oldest, whatever the listing order")
    func managedCopyIsOldest() {
        for order in [records, records.reversed()] {
            let listing = ServerListing(order)
            #expect(listing.managed[ExactText("+1")]?.id == "d")
            #expect(listing.managed[ExactText("+2")]?.id == "a")
            #expect(listing.managed[ExactText("+3")]?.id == "f")
            #expect(listing.duplicates.map(\.number) == ["+1", "+2"])
            #expect(listing.duplicates.map { $0.extras.map(\.id) } == [["b"], ["e", "c"]])
        }
    }

    @Test("copies are counted per number, byte for byte, and records are found by id")
    func countsAndIDs() {
        let listing = ServerListing(records + [held("+1\u{E9}", id: "g"), held("+1e\u{301}", id: "h")])
        #expect(listing.copyCount(of: "+2") == 3)
        #expect(listing.copyCount(of: "+3") == 1)
        #expect(listing.copyCount(of: "+4") == 0)
        #expect(listing.copyCount(of: "+1\u{E9}") == 1)
        #expect(listing.recordsByID()[ExactText("e")]?.key == "+2")
    }
}
