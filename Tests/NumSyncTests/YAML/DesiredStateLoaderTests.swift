import Crypto
import Foundation
import NumSync
import NumSyncCore
import NumSyncFixtures
import TestSupport
import Testing

/// Loads fixture files by a stable relative name, so golden diagnostics do not depend on where
/// the repository is checked out.
func loadFixture(_ names: String...) -> DesiredStateLoader.Result {
    let sources = names.map { name in
        (name: name, bytes: [UInt8](FileManager.default.contents(atPath: fixturesDirectory + "/" + name)!))
    }
    return DesiredStateLoader.load(sources: sources)
}

let fixturesDirectory = TestPaths.tests + "/NumSyncTests/Fixtures"

@Suite("Loading desired state")
struct DesiredStateLoaderTests {
    static let badFiles: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory + "/bad")) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    @Test("there is a bad fixture for at least 40 kinds of mistake")
    func corpusIsLarge() {
        #expect(Self.badFiles.count >= 40)
    }

    @Test("every bad file gives exactly its golden diagnostics", arguments: badFiles)
    func badFileDiagnostics(name: String) {
        let result = loadFixture("bad/" + name)
        #expect(!result.succeeded, "bad/\(name) loaded without errors")
        let rendered = DiagnosticRenderer.text(result.diagnostics)
        let golden = fixturesDirectory + "/bad/" + name.replacingOccurrences(of: ".yaml", with: ".diagnostics")
        if let mismatch = Golden.mismatch(rendered, path: golden) {
            Issue.record(Comment(rawValue: mismatch))
        }
    }

    @Test("an alias bomb is refused, not expanded")
    func aliasBombIsRefused() {
        let result = loadFixture("bad/alias-bomb.yaml")
        #expect(result.diagnostics.contains { $0.message.contains("alias bomb") })
    }

    @Test("scalars are kept exactly as written, never turned into numbers or booleans")
    func scalarsAreVerbatim() {
        let result = loadFixture("good/verbatim-scalars.yaml")
        #expect(result.diagnostics.isEmpty)
        #expect(
            Set(result.state.numbers.map(\.number)) == [
                "+14155550100", "0049301234", "1e3", "0x1F", "0o17", "1_000", "12:30", ".inf", "true", "0000",
            ])
    }

    @Test(
        "descriptions give exactly the text YAML defines",
        arguments: [
            ("1", "café \t tab"),
            ("2", "it's"),
            ("3", "line one\n  indented\nline three\n"),
            ("4", "folded text\nnew paragraph\n"),
            ("5", "no final newline"),
            ("6", "keep\n\n"),
            ("7", ""),
            ("8", ""),
            ("9", ""),
            ("10", "null"),
            ("11", "plain text continued on a second line"),
            ("12", "null"),
            ("13", "42"),
            ("14", "\"quoted\" and \\ backslash"),
        ])
    func descriptions(number: String, description: String) throws {
        let result = loadFixture("good/descriptions.yaml")
        #expect(result.diagnostics.isEmpty)
        let entry = try #require(result.state.numbers.first { $0.number == number })
        #expect(entry.description == description)
    }

    @Test("anchors, aliases and merge keys resolve; explicit keys win over merged ones")
    func anchorsAndMerges() {
        let result = loadFixture("good/anchors-and-merge.yaml")
        #expect(result.diagnostics.isEmpty)
        let byNumber = Dictionary(uniqueKeysWithValues: result.state.numbers.map { ($0.number, $0) })
        #expect(byNumber["+1"]?.enabled == false)
        #expect(byNumber["+1"]?.description == "Shared")
        #expect(byNumber["+2"]?.description == "Own")
        #expect(byNumber["+3"]?.description == "Other")
        #expect(byNumber["+3"]?.enabled == true)
        #expect(byNumber["+4"]?.description == "+4")
    }

    @Test("defaults and the unmanaged policy are read")
    func defaultsAndPolicy() {
        let result = loadFixture("good/defaults-disabled.yaml")
        #expect(result.state[.exclusiveNumbers]?.unmanaged == .delete)
        #expect(result.state.numbers.map(\.enabled) == [false, true])
    }

    @Test(
        "defaults written after the entries apply to the entries that omit enabled",
        arguments: [("false", [false, true]), ("true", [true, true])])
    func defaultsAfterEntries(value: String, expected: [Bool]) {
        let text = """
            exclusive_numbers:
              - number: "+1"
              - number: "+2"
                enabled: true
            defaults:
              enabled: \(value)
            """
        let result = DesiredStateLoader.load(sources: [("late.yaml", Array(text.utf8))])
        #expect(result.diagnostics.isEmpty)
        #expect(result.state.numbers.map(\.enabled) == expected)
    }

    @Test(
        "other good files load with the expected numbers",
        arguments: [
            ("good/flow-style.yaml", ["+1", "+2"]),
            ("good/empty-list.yaml", []),
            ("good/unicode.yaml", ["+81312345678", "+33123456789"]),
            ("good/bom-and-crlf.yaml", ["+1"]),
        ])
    func goodFiles(name: String, numbers: [String]) {
        let result = loadFixture(name)
        #expect(result.diagnostics.isEmpty)
        #expect(result.state.numbers.map(\.number) == numbers)
    }

    @Test("non-ASCII descriptions and CRLF line ends survive")
    func unicodeAndCRLF() {
        #expect(
            loadFixture("good/unicode.yaml").state.numbers.map(\.description) == ["東京オフィス 📞", "Équipe d’assistance"])
        #expect(loadFixture("good/bom-and-crlf.yaml").state.numbers[0].description == "with CRLF")
    }

    @Test("entries keep where they are written")
    func sourceLocations() {
        let result = loadFixture("good/defaults-disabled.yaml")
        #expect(
            result.state.numbers.map(\.source.description) == [
                "good/defaults-disabled.yaml:5:13", "good/defaults-disabled.yaml:6:13",
            ])
    }

    @Test("problems in several files are all reported, sorted by file and line")
    func problemsAcrossFiles() {
        let result = loadFixture("bad/enabled-yes.yaml", "bad/number-missing.yaml", "good/unicode.yaml")
        #expect(result.diagnostics.map { $0.location!.file } == ["bad/enabled-yes.yaml", "bad/number-missing.yaml"])
    }

    @Test("a number in two files is a duplicate with a note at the first")
    func duplicateAcrossFiles() {
        let result = loadFixture("good/flow-style.yaml", "good/bom-and-crlf.yaml")
        #expect(
            DiagnosticRenderer.text(result.diagnostics)
                == """
                good/bom-and-crlf.yaml:2:13: error: duplicate number "+1"
                good/flow-style.yaml:1:30: note: first defined here

                """)
    }

    @Test("a directory loads its *.yaml and *.yml files in order, and only with --recursive its subdirectories")
    func directories() throws {
        let directory = TestPaths.temporaryDirectory()
        try #"exclusive_numbers: [{number: "+2"}]"#.write(
            toFile: directory + "/b.yaml", atomically: true, encoding: .utf8)
        try #"exclusive_numbers: [{number: "+1"}]"#.write(
            toFile: directory + "/a.yml", atomically: true, encoding: .utf8)
        try "not yaml".write(toFile: directory + "/notes.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try #"exclusive_numbers: [{number: "+3"}]"#.write(
            toFile: directory + "/sub/c.yaml", atomically: true, encoding: .utf8)
        let flat = DesiredStateLoader().load([directory])
        #expect(flat.files == [directory + "/a.yml", directory + "/b.yaml"])
        #expect(flat.state.numbers.map(\.number) == ["+1", "+2"])
        let deep = DesiredStateLoader(recursive: true).load([directory])
        #expect(deep.state.numbers.map(\.number) == ["+1", "+2", "+3"])
    }

    @Test("links that loop back into the tree are followed once: every file is read once, and loading ends")
    func symbolicLinkLoops() throws {
        let directory = TestPaths.temporaryDirectory()
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        try #"exclusive_numbers: [{number: "+1"}]"#.write(
            toFile: directory + "/a.yaml", atomically: true, encoding: .utf8)
        try #"exclusive_numbers: [{number: "+2"}]"#.write(
            toFile: directory + "/sub/b.yaml", atomically: true, encoding: .utf8)
        // Two loops (a link to the parent, a link to itself) and a second name for a file.
        try manager.createSymbolicLink(atPath: directory + "/sub/up", withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: directory + "/sub/again", withDestinationPath: "../sub")
        try manager.createSymbolicLink(atPath: directory + "/sub/alias.yaml", withDestinationPath: "../a.yaml")
        let result = DesiredStateLoader(recursive: true).load([directory, directory + "/sub"])
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        #expect(result.files.count == 2)
        #expect(result.state.numbers.map(\.number).sorted() == ["+1", "+2"])
    }

    @Test("a missing path and an empty directory are errors")
    func missingPaths() {
        let empty = TestPaths.temporaryDirectory()
        let result = DesiredStateLoader().load(["/nonexistent/numbers.yaml", empty])
        #expect(
            result.diagnostics.map(\.message) == [
                "\(empty) contains no .yaml or .yml files (use --recursive to look in subdirectories)",
                "cannot read /nonexistent/numbers.yaml: no such file or directory",
            ])
    }

    @Test("- reads standard input")
    func standardInput() {
        let loader = DesiredStateLoader(readStandardInput: { Array(#"exclusive_numbers: [{number: "+7"}]"#.utf8) })
        let result = loader.load(["-"])
        #expect(result.state.numbers.map(\.source.file) == ["-"])
    }

    @Test("digests are written in lower-case hexadecimal of the standard's SHA-256")
    func sha256() {
        func hex(_ text: String) -> String {
            var digest = SHA256()
            digest.update(data: Array(text.utf8))
            return digest.finalize().hexString
        }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            hex(String(repeating: "a", count: 1_000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test("the digest changes with the content and the names, and is made only when asked")
    func digest() {
        let a = DesiredStateLoader.load(
            sources: [("a.yaml", Array("exclusive_numbers: []".utf8))], computesDigest: true)
        let b = DesiredStateLoader.load(
            sources: [("a.yaml", Array("exclusive_numbers: [] ".utf8))], computesDigest: true)
        let c = DesiredStateLoader.load(
            sources: [("c.yaml", Array("exclusive_numbers: []".utf8))], computesDigest: true)
        #expect(Set([a.digest, b.digest, c.digest]).count == 3)
        #expect(a.digest?.count == 64)
        #expect(DesiredStateLoader.load(sources: [("a.yaml", Array("exclusive_numbers: []".utf8))]).digest == nil)
    }
}
