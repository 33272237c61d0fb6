import XCTest
@testable import TextTokenizer

final class PythonPatternTests: XCTestCase {
    private func sub(_ pattern: String, _ template: String, _ text: String) -> String {
        PythonPattern(pattern).replacingMatches(in: Array(text.unicodeScalars), withTemplate: template).string
    }

    func testGreedyBacktrackingAndGroups() {
        XCTAssertEqual(sub(#"(\D[,\./])\b"#, #"\1 "#, "a.b,c"), "a. b, c")
        XCTAssertEqual(sub(#"^["']([\w\W]+)["']$"#, #"\1"#, "\"quoted\""), "quoted")
        XCTAssertEqual(sub(#"x*"#, "-", "abxd"), "-a-b--d-")
        XCTAssertEqual(sub(#"\b\d{6,}\b"#, "", "id 1234567 ok 12345"), "id  ok 12345")
    }
}
