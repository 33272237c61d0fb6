import Foundation
import TestSupport
import XCTest
@testable import TextTokenizer

final class PythonPatternTests: XCTestCase {
    private func sub(_ pattern: String, _ template: String, _ text: String) throws -> String {
        try PythonPattern(pattern).replacingMatches(in: Array(text.unicodeScalars), withTemplate: template).string
    }

    func testGreedyBacktrackingAndGroups() throws {
        XCTAssertEqual(try sub(#"(\D[,\./])\b"#, #"\1 "#, "a.b,c"), "a. b, c")
        XCTAssertEqual(try sub(#"^["']([\w\W]+)["']$"#, #"\1"#, "\"quoted\""), "quoted")
        XCTAssertEqual(try sub(#"x*"#, "-", "abxd"), "-a-b--d-")
        XCTAssertEqual(try sub(#"\b\d{6,}\b"#, "", "id 1234567 ok 12345"), "id  ok 12345")
    }
}

/// The matcher against Python's `re` (Fixtures/text/caption-pieces.json, "regex"): every match's span and groups
/// (`finditer`) and `sub` with the whole match bracketed, for patterns probing alternation order, greedy and lazy
/// quantifiers, empty matches, look-arounds and the Unicode classes.
final class PythonPatternAgainstPythonTests: XCTestCase {
    func testMatchesAndSubstitutionsAgreeWithPython() throws {
        let data = try Data(contentsOf: FixturePaths.fixture("text/caption-pieces.json"))
        let pieces = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let cases = pieces["regex"] as! [[Any]]
        XCTAssertGreaterThan(cases.count, 500)
        var failures: [String] = []
        for item in cases {
            let source = item[0] as! String
            let pattern = try PythonPattern(source, ignoreCase: item[1] as! Bool)
            let text = Array((item[2] as! String).unicodeScalars)
            let expected = (item[3] as! [[Any]]).map { match -> String in
                let groups = (match[2] as! [Any]).map { group -> String in
                    guard let bounds = group as? [Int] else { return "-" }
                    return "\(bounds[0])..\(bounds[1])"
                }
                return "\(match[0] as! Int)..\(match[1] as! Int)[\(groups.joined(separator: ","))]"
            }
            let got = pattern.matches(in: text).map { match -> String in
                let groups = match.groups.map { $0.map { "\($0.lowerBound)..\($0.upperBound)" } ?? "-" }
                return "\(match.range.lowerBound)..\(match.range.upperBound)[\(groups.joined(separator: ","))]"
            }
            if got != expected { failures.append("\(source) on \(text.string.debugDescription): \(expected) vs \(got)") }
            let substituted = pattern.replacingMatches(in: text) { match, text in ["<"] + text[match.range] + [">"] }
            if substituted != Array((item[4] as! String).unicodeScalars) {
                failures.append("sub \(source) on \(text.string.debugDescription): \(item[4]) vs \(substituted.string)")
            }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) differences:\n" + failures.prefix(30).joined(separator: "\n"))
    }
}
