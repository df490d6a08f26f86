import NumSyncFixtures
import Testing

@testable import NumSyncCore

@Suite("Hidden characters")
struct HiddenCharactersTests {
    @Test(
        "displayed text escapes what would hide in a review",
        arguments: [
            ("Sales\u{202E}enilno", #""Sales\u{202e}enilno""#),
            ("+1415\u{200B}555", #""+1415\u{200b}555""#),
            ("\u{FEFF}x", #""\u{feff}x""#),
            ("a\u{2028}b", #""a\u{2028}b""#),
            ("tab\there", #""tab\there""#),
            ("bell\u{7}", #""bell\u{7}""#),
            ("ASCII\u{200D}joiner", #""ASCII\u{200d}joiner""#),
        ])
    func escaped(text: String, shown: String) {
        #expect(text.quotedForDisplay == shown)
    }

    @Test(
        "joiners and selectors that shape visible characters stay as they are",
        arguments: ["👨\u{200D}👩\u{200D}👧", "❤\u{FE0F}", "क्\u{200D}ष", "می\u{200C}خواهم", "Café", "München 24/7"])
    func shapingCharactersStay(text: String) {
        #expect(text.quotedForDisplay == "\"" + text + "\"")
        #expect(text.escapingHiddenCharacters == text)
    }

    @Test("numbers with hidden or look-alike characters break the rules, naming the character")
    func numberRules() {
        #expect(PortSIPList.exclusiveNumbers.problems(ofNumber: "+14155550100").isEmpty)
        #expect(PortSIPList.exclusiveNumbers.problems(ofNumber: "+1 415 555 0100").isEmpty)
        #expect(
            PortSIPList.exclusiveNumbers.problems(ofNumber: "+1415\u{200B}5550100") == [
                .deceptiveCharacter("\u{200B}")
            ])
        #expect(
            PortSIPList.exclusiveNumbers.problems(ofNumber: "+1\u{A0}415") == [.deceptiveCharacter("\u{A0}")])
        #expect(PortSIPList.exclusiveNumbers.problems(ofNumber: " +1") == [.whitespaceAtEnds])
        #expect(PortSIPList.exclusiveNumbers.problems(ofNumber: "") == [.empty])
        #expect(Unicode.Scalar(0x202E)!.codePointName == "U+202E RIGHT-TO-LEFT OVERRIDE")
    }
}
