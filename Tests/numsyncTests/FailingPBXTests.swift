import Foundation
import PortSIPSimulator
import TestSupport
import Testing

@Suite("A PBX that fails every write")
struct FailingPBXTests {
    @Test(
        "after ten changes failed the same way no new one starts: the rest are reported not started with the reason, and the run ends with exit 3"
    )
    func givesUp() async throws {
        let path = try writeDesired(numbersYAML(40))
        let report = TestPaths.temporaryDirectory() + "/report.json"
        try await TestSimulator.with { simulator in
            await simulator.script.fail(
                "POST /api/exclusive_numbers", occurrences: 1...10_000, status: 500, message: "database is down")
            let run = try await CLI(simulator: simulator).run("apply", path, "--auto-approve", "--report", report)
            #expect(run.status == 3, "\(run.output)\(run.error)")
            let document =
                try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as! [String: Any]
            let summary = document["summary"] as! [String: Any]
            let failed = summary["failed"] as! Int
            let notStarted = summary["not_started"] as! Int
            // Ten in a row, and at most those already in flight (--parallelism 8) when the tenth failed.
            #expect((10...17).contains(failed), "\(summary)")
            #expect(failed + notStarted == 40)
            #expect(
                run.output.contains(
                    "\(notStarted) changes were not started: 10 changes in a row failed the same way "
                        + "(POST /api/exclusive_numbers: 500 SCRIPTED_FAILURE: database is down); numsync stopped "
                        + "starting new ones."), "\(run.output)")
            #expect((document["stopped_early"] as? String)?.contains("500 SCRIPTED_FAILURE") == true)
            #expect(document["interrupted"] as? Bool == false)
            // No create was sent again: each was answered, and none was looked for to send again.
            #expect(await simulator.statistics.current().requests("POST /api/exclusive_numbers") == failed)
        }
    }
}
