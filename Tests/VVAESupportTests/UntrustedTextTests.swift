import Testing
import VVAESupport

struct UntrustedTextTests {
    @Test func controlCharactersAndSeparatorsBecomeEscapes() {
        #expect(UntrustedText.escaped("a\nb\rc\td") == "a\\nb\\rc\\td")
        #expect(UntrustedText.escaped("\u{1B}[31mred\u{7F}\u{85}") == "\\u{1B}[31mred\\u{7F}\\u{85}")
        #expect(UntrustedText.escaped("line\u{2028}para\u{2029}") == "line\\u{2028}para\\u{2029}")
    }

    @Test func printableTextIsKeptAsItIs() {
        let text = "archive/data.pkl: café ☃ 👩‍💻 [12, 3]"
        #expect(UntrustedText.escaped(text) == text)
    }

    @Test func aLimitCutsLongNames() {
        #expect(UntrustedText.escaped(String(repeating: "x", count: 100), limit: 5) == "xxxxx…")
        #expect(UntrustedText.escaped("short", limit: 5) == "short")
    }

    @Test func bytesThatAreNotUTF8AreDecodedLeniently() {
        #expect(UntrustedText.escaped(bytes: [0x61, 0xFF, 0x0A, 0x62]) == "a\u{FFFD}\\nb")
    }
}
