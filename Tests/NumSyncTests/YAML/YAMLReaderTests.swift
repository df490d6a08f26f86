import NumSyncCore
import NumSyncFixtures
import Testing

@testable import NumSync

@Suite("Reading YAML")
struct YAMLReaderTests {
    func location(_ line: Int) -> NumSyncCore.SourceLocation {
        NumSyncCore.SourceLocation(file: "t.yaml", line: line, column: 1)
    }

    func read(_ text: String) -> (document: YAMLDocument?, diagnostics: [Diagnostic]) {
        YAMLReader.read(Array(text.utf8), file: "t.yaml")
    }

    @Test(
        "a duplicate key is found in small and in large mappings",
        arguments: [3, 32, 33, 100])
    func duplicateKeys(size: Int) {
        let keys = (0..<size).map { "key\($0): \($0)" } + ["key\(size / 2): again"]
        let (document, diagnostics) = read(keys.joined(separator: "\n"))
        #expect(document == nil)
        #expect(diagnostics == [.duplicateKey("key\(size / 2)", at: location(size + 1), first: location(size / 2 + 1))])
    }

    @Test("merged keys fill in only what a large mapping does not set itself")
    func mergeIntoLargeMapping() throws {
        let own = (0..<40).map { "  k\($0): own" }
        let text = "base: &base\n  k1: merged\n  extra: merged\nmap:\n  <<: *base\n" + own.joined(separator: "\n")
        let document = try #require(read(text).document)
        let map = document.pairs(of: document.root)[1].value
        let pairs = document.pairs(of: map).map { (document.text(of: $0.key), document.text(of: $0.value)) }
        #expect(pairs.count == 41)
        #expect(pairs.first { $0.0 == "k1" }?.1 == "own")
        #expect(pairs.last! == ("extra", "merged"))
    }

    @Test("scalar text comes back exactly, and only plain ~, null and nothing are null")
    func scalarText() throws {
        let text = """
            - plain
            - "double \\u00e9\\t"
            - 'it''s'
            - |
              literal
            - ~
            - NULL
            - "null"
            -
            - ""
            """
        let document = try #require(read(text).document)
        let items = Array(document.items(of: document.root))
        #expect(
            items.map { document.text(of: $0) } == [
                "plain", "double é\t", "it's", "literal\n", "~", "NULL", "null", "", "",
            ])
        #expect(items.map { document.isNull($0) } == [false, false, false, false, true, true, false, true, false])
        #expect(items.map { document[$0].isNull } == items.map { document.isNull($0) })
        #expect(document.text(of: items[0], equals: "plain"))
        #expect(!document.text(of: items[0], equals: "plains"))
        #expect(!document.text(of: document.root, equals: ""))
    }

    @Test("200,000 nested brackets stop at depth 64 with a located error, instead of minutes inside libyaml")
    func deepNestingStops() {
        let (document, diagnostics) = read(String(repeating: "[", count: 200_000))
        #expect(document == nil)
        #expect(
            diagnostics == [
                .nestingTooDeep(
                    YAMLReader.maximumNesting,
                    at: NumSyncCore.SourceLocation(file: "t.yaml", line: 1, column: YAMLReader.maximumNesting + 1))
            ])
    }

    @Test("nesting up to the limit is read; block sequences count the same as flow ones")
    func nestingLimit() {
        let limit = YAMLReader.maximumNesting
        let deepest = String(repeating: "[", count: limit) + "x" + String(repeating: "]", count: limit)
        #expect(read(deepest).diagnostics.isEmpty)
        let tooDeep = String(repeating: "- ", count: limit + 1) + "x"
        #expect(read(tooDeep).diagnostics.map(\.message).first?.contains("nested more than 64 deep") == true)
    }
}
