import FileWriting
import Foundation
import TestSupport
import Testing

@Suite("Atomic file writes")
struct AtomicFileTests {
    let manager = FileManager.default

    func contents(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("a link planted at the temporary name the old writer used does not redirect the write")
    func plantedLinkAtTemporaryName() throws {
        let directory = TestPaths.temporaryDirectory()
        let victim = directory + "/victim.txt"
        try "keep me".write(toFile: victim, atomically: false, encoding: .utf8)
        // The old writer wrote to `.plan.json.tmp-PID`, following links: plant them for a range of PIDs.
        let pid = ProcessInfo.processInfo.processIdentifier
        for candidate in pid...(pid + 3) {
            try manager.createSymbolicLink(
                atPath: directory + "/.plan.json.tmp-\(candidate)", withDestinationPath: victim)
        }
        try AtomicFile.write("the plan", to: directory + "/plan.json", overwrite: true)
        #expect(contents(victim) == "keep me")
        #expect(contents(directory + "/plan.json") == "the plan")
        let attributes = try manager.attributesOfItem(atPath: directory + "/plan.json")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
    }

    @Test("a target that is a link is replaced by the file, never written through")
    func targetLinkIsReplaced() throws {
        let directory = TestPaths.temporaryDirectory()
        let victim = directory + "/victim.txt"
        try "keep me".write(toFile: victim, atomically: false, encoding: .utf8)
        try manager.createSymbolicLink(atPath: directory + "/report.json", withDestinationPath: victim)
        try AtomicFile.write("{}", to: directory + "/report.json", overwrite: true)
        #expect(contents(victim) == "keep me")
        #expect(contents(directory + "/report.json") == "{}")
    }

    @Test("without overwrite an existing file (or link) is refused and left alone; nothing else remains")
    func noOverwrite() throws {
        let directory = TestPaths.temporaryDirectory()
        try "old".write(toFile: directory + "/numbers.yaml", atomically: false, encoding: .utf8)
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write("new", to: directory + "/numbers.yaml", overwrite: false)
        }
        #expect(contents(directory + "/numbers.yaml") == "old")
        try AtomicFile.write("fresh", to: directory + "/other.yaml", overwrite: false)
        #expect(try manager.contentsOfDirectory(atPath: directory).sorted() == ["numbers.yaml", "other.yaml"])
    }

    @Test("whether a path can be written is known before writing, and checking leaves nothing behind")
    func checkWritable() throws {
        let directory = TestPaths.temporaryDirectory()
        try AtomicFile.checkWritable(directory + "/report.json", overwrite: true)
        #expect(try manager.contentsOfDirectory(atPath: directory).isEmpty)
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.checkWritable(directory + "/missing/report.json", overwrite: true)
        }
        #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.checkWritable(directory, overwrite: true) }
    }
}
