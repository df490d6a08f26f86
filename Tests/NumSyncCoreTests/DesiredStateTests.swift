import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Combining desired-state files")
struct DesiredStateTests {
    func location(_ file: String, _ line: Int) -> NumSyncCore.SourceLocation {
        NumSyncCore.SourceLocation(file: file, line: line, column: 13)
    }

    @Test("defaults.enabled applies to entries that omit enabled")
    func defaultsApply() {
        var file = DesiredFile(file: "a.yaml", defaultEnabled: Located(false, at: location("a.yaml", 2)))
        file.append(number: "+1", enabled: nil, description: "", location: location("a.yaml", 5))
        file.append(number: "+2", enabled: true, description: "", location: location("a.yaml", 6))
        let (state, diagnostics) = DesiredState.combining([file])
        #expect(diagnostics.isEmpty)
        #expect(state[.exclusiveNumbers]!.numbers.map(\.enabled) == [false, true])
        #expect(state[.exclusiveNumbers]!.defaultEnabled == false)
    }

    @Test("a default set in one file applies to entries of every file")
    func defaultsApplyAcrossFiles() {
        let a = DesiredFile(file: "a.yaml", defaultEnabled: Located(false, at: location("a.yaml", 2)))
        var b = DesiredFile(file: "b.yaml")
        b.append(number: "+1", enabled: nil, description: "", location: location("b.yaml", 3))
        #expect(DesiredState.combining([a, b]).state[.exclusiveNumbers]!.numbers.map(\.enabled) == [false])
    }

    @Test("a number in two files is an error at the second, with a note at the first")
    func duplicateAcrossFiles() {
        var a = DesiredFile(file: "a.yaml")
        a.append(number: "+1", enabled: nil, description: "", location: location("a.yaml", 4))
        var b = DesiredFile(file: "b.yaml")
        b.append(number: "+1", enabled: nil, description: "", location: location("b.yaml", 9))
        let (_, diagnostics) = DesiredState.combining([a, b])
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].location == location("b.yaml", 9))
        #expect(diagnostics[0].message == #"duplicate number "+1""#)
        #expect(diagnostics[0].notes == [.init(location: location("a.yaml", 4), message: "first defined here")])
    }

    @Test("a default set after the entries still applies to them")
    func defaultAfterEntries() {
        var file = DesiredFile(file: "a.yaml")
        file.append(number: "+1", enabled: nil, description: "", location: location("a.yaml", 2))
        file.defaultEnabled = Located(false, at: location("a.yaml", 5))
        let other = DesiredFile(file: "b.yaml")
        // Combining resolves the default, wherever in which file it is written.
        #expect(DesiredState.combining([file, other]).state[.exclusiveNumbers]!.numbers.map(\.enabled) == [false])
        #expect(DesiredState.combining([other, file]).state[.exclusiveNumbers]!.numbers.map(\.enabled) == [false])
    }

    @Test(
        "repeated numbers are found with the index of their first entry, among many and with hash-alike text",
        arguments: [100, 5_000])
    func repeatedNumbers(count: Int) {
        var numbers = (0..<count).map {
            DesiredNumber(number: "+1\($0)", source: NumSyncCore.SourceLocation(file: "a", line: $0 + 1, column: 1))
        }
        numbers.append(numbers[7])
        numbers.append(numbers[count - 1])
        numbers.append(numbers[7])
        let repeats = RepeatedNumbers.find(in: numbers)
        #expect(repeats.map(\.duplicate) == [count, count + 1, count + 2])
        #expect(repeats.map(\.first) == [7, count - 1, 7])
        let unicode =
            numbers + [DesiredNumber(number: "+1é", source: numbers[0].source)] + [
                DesiredNumber(number: "+1e\u{301}", source: numbers[0].source)
            ]
        // Canonically equal text with other bytes is another number, as the planner matches it.
        #expect(RepeatedNumbers.find(in: unicode).map(\.duplicate) == [count, count + 1, count + 2])
        let sameBytes = unicode + [DesiredNumber(number: "+1e\u{301}", source: numbers[0].source)]
        #expect(RepeatedNumbers.find(in: sameBytes).map(\.duplicate).last == count + 5)
        #expect(RepeatedNumbers.find(in: sameBytes).map(\.first).last == count + 4)
    }

    @Test("repeated numbers agree with a dictionary of strings, for numbers of every length up to 64")
    func repeatedNumbersAgreeWithDictionary() {
        // Near-identical numbers of each length, each written twice, some three times.
        var numbers: [DesiredNumber] = []
        for length in 1...64 {
            for variant in 0..<3 {
                let body = String(repeating: "9", count: length - 1) + String(variant)
                let copies = variant == 0 ? 3 : 2
                for _ in 0..<copies {
                    numbers.append(
                        DesiredNumber(
                            number: String(body.suffix(length)), source: location("a.yaml", numbers.count + 1)))
                }
            }
        }
        numbers.shuffle()
        let byHash = RepeatedNumbers.find(in: numbers)
        var firstIndex: [String: Int] = [:]
        var expected: [(duplicate: Int, first: Int)] = []
        for (index, entry) in numbers.enumerated() {
            if let first = firstIndex[entry.number] {
                expected.append((index, first))
            } else {
                firstIndex[entry.number] = index
            }
        }
        #expect(byHash.map(\.duplicate) == expected.map(\.duplicate))
        #expect(byHash.map(\.first) == expected.map(\.first))
        #expect(!byHash.isEmpty)
    }

    @Test("settings that disagree across files are errors; settings that agree are fine")
    func conflictingSettings() {
        let a = DesiredFile(
            file: "a.yaml", defaultEnabled: Located(true, at: location("a.yaml", 2)),
            unmanaged: Located(.delete, at: location("a.yaml", 3)))
        let b = DesiredFile(
            file: "b.yaml", defaultEnabled: Located(false, at: location("b.yaml", 2)),
            unmanaged: Located(.delete, at: location("b.yaml", 3)))
        let (state, diagnostics) = DesiredState.combining([a, b])
        #expect(
            diagnostics.map(\.message) == [
                "`defaults.enabled` is false here but true in another file; set it in one file only, or make them agree"
            ])
        #expect(state[.exclusiveNumbers]!.unmanaged == .delete)
    }
}

@Suite("Small pieces")
struct SmallPiecesTests {
    @Test(
        "did-you-mean finds typos, not strangers",
        arguments: [
            ("descripton", "description"), ("Number", "number"), ("enabeld", "enabled"),
            ("exclusive_number", "exclusive_numbers"),
            ("colour", nil),
        ])
    func suggestions(word: String, expected: String?) {
        let candidates = ["number", "enabled", "description", "exclusive_numbers", "defaults", "unmanaged"]
        #expect(Suggestion.closest(to: word, among: candidates) == expected)
    }

    @Test(
        "RFC 3339 timestamps parse and order as time",
        arguments: [
            ("2017-07-21T17:32:28Z", "2017-07-21T17:32:28.001Z", true),
            ("2017-07-21T19:32:28+02:00", "2017-07-21T17:32:29Z", true),
            ("2017-07-21T17:32:29Z", "2017-07-21T17:32:28Z", false),
        ])
    func timestamps(earlier: String, later: String, ordered: Bool) {
        let a = Timestamp(rfc3339: earlier)!
        let b = Timestamp(rfc3339: later)!
        #expect((a < b) == ordered)
    }

    @Test(
        "text that is not RFC 3339 does not parse", arguments: ["", "yesterday", "2017-13-01T00:00:00Z", "2017-07-21"])
    func badTimestamps(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("strings are quoted and escaped for display")
    func quoting() {
        #expect("a\"b\\c\nd\u{1}".quotedForDisplay == #""a\"b\\c\nd\u{1}""#)
    }
}
