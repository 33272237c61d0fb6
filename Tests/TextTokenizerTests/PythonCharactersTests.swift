import Foundation
import TestSupport
import XCTest
@testable import TextTokenizer

/// Python's own character rules (recorded in Fixtures/text/python-characters.json) against `PythonCharacters`, for
/// every code point the recording Python's Unicode version assigns. Code points assigned later are skipped: there the
/// Swift standard library's newer Unicode data decides.
final class PythonCharactersTests: XCTestCase {
    private struct Recording: Decodable {
        let python: String
        let unicode: String
        let assigned: [[UInt32]]
        let space: [[UInt32]]
        let word: [[UInt32]]
        let decimal: [[UInt32]]
        let lower: [String: String]
    }

    private static let recording: Recording = {
        let data = try! Data(contentsOf: FixturePaths.fixture("text/python-characters.json"))
        return try! JSONDecoder().decode(Recording.self, from: data)
    }()

    private func members(_ ranges: [[UInt32]]) -> Set<UInt32> {
        var set = Set<UInt32>()
        for range in ranges { for value in range[0]...range[1] { set.insert(value) } }
        return set
    }

    private var assignedScalars: [Unicode.Scalar] {
        Self.recording.assigned.flatMap { range in (range[0]...range[1]).compactMap(Unicode.Scalar.init) }
    }

    private func compare(_ name: String, _ ranges: [[UInt32]], _ predicate: (Unicode.Scalar) -> Bool) {
        let expected = members(ranges)
        var wrong: [String] = []
        for scalar in assignedScalars where predicate(scalar) != expected.contains(scalar.value) {
            wrong.append(String(format: "U+%04X", scalar.value))
        }
        XCTAssertTrue(wrong.isEmpty, "\(name) differs from Python \(Self.recording.python) at \(wrong.count): \(wrong.prefix(40))")
    }

    func testSpace() { compare("isspace", Self.recording.space, PythonCharacters.isSpace) }
    func testWord() { compare("\\w", Self.recording.word, PythonCharacters.isWord) }
    func testDecimal() { compare("\\d", Self.recording.decimal, PythonCharacters.isDecimal) }

    func testLowercaseMapping() {
        var wrong: [String] = []
        for scalar in assignedScalars where scalar.value != 0x3A3 {
            let expected = Self.recording.lower[String(format: "%X", scalar.value)]
                .map { $0.split(separator: " ").map { UInt32($0, radix: 16)! } } ?? [scalar.value]
            let got = PythonCharacters.lowercased([scalar]).map(\.value)
            if got != expected { wrong.append(String(format: "U+%04X", scalar.value)) }
        }
        XCTAssertTrue(wrong.isEmpty, "lower differs from Python at \(wrong.count): \(wrong.prefix(40))")
    }
}
