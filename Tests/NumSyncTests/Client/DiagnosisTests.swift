import Foundation
import NumSyncCore
import Testing

@testable import NumSync

@Suite("What doctor reads of a PBX")
struct DiagnosisTests {
    @Test(
        "the clock is compared at the moment the answer arrived, in whole seconds; a header that is not a date is no reading",
        arguments: [
            ("Fri, 04 Dec 2026 20:18:13 GMT", 0.0, 0), ("Fri, 04 Dec 2026 20:18:13 GMT", 0.4, 0),
            ("Fri, 04 Dec 2026 20:20:13 GMT", 0.0, 120), ("Fri, 04 Dec 2026 20:18:03 GMT", 0.0, -10),
        ] as [(String, Double, Int)])
    func skew(header: String, offset: Double, expected: Int) throws {
        let received = try #require(Diagnosis.httpDate("Fri, 04 Dec 2026 20:18:13 GMT")).addingTimeInterval(offset)
        #expect(Diagnosis.skew(header, at: received) == expected)
        #expect(Diagnosis.skew("yesterday", at: received) == nil)
    }

    @Test(
        "capabilities are read in the forms a PBX may use; a list they do not name may not be used",
        arguments: [
            (["exclusive_numbers:write"], true, true), (["exclusive_numbers.read"], true, false),
            (["write:exclusive_numbers"], true, true), (["exclusive_numbers"], true, true), (["*"], true, true),
            (["vip_numbers:write"], false, false), ([], false, false),
        ] as [([String], Bool, Bool)])
    func capabilities(entries: [String], read: Bool, write: Bool) {
        let capabilities = AccountCapabilities(entries)
        #expect(capabilities.permits("read", on: .exclusiveNumbers) == read)
        #expect(capabilities.permits("write", on: .exclusiveNumbers) == write)
    }
}
