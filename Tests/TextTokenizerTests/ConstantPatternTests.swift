import Foundation
import TestSupport
import XCTest
@testable import TextTokenizer

/// The caption cleaning's constants are whole: every constant pattern compiles (`PythonPattern.constant` would
/// otherwise quietly make it match nothing), and the generated tables the cleaning reads are well formed. Invalid
/// patterns are refused with a `PatternError`, never a trap.
final class ConstantPatternTests: XCTestCase {
    private static var constants: [PythonPattern] {
        CaptionCleaner.Rules.constantPatterns + HTMLTokenizer.constantPatterns + HTMLUnescaping.constantPatterns
            + MojibakeRepair.constantPatterns + TextRepair.constantPatterns
    }

    func testEveryConstantPatternCompiles() throws {
        for pattern in Self.constants {
            XCTAssertNil(pattern.compileError, pattern.compileError.map(String.init(describing:)) ?? "")
        }
        // And no constant is missing from the lists: count the declarations in the module's sources.
        let sources = FixturePaths.repositoryRoot.appendingPathComponent("Sources/TextTokenizer")
        var declared = 0
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
        where file.pathExtension == "swift" {
            declared += try String(contentsOf: file, encoding: .utf8)
                .components(separatedBy: "PythonPattern.constant(").count - 1
        }
        XCTAssertEqual(Self.constants.count, declared)
    }

    func testInvalidPatternsThrowAndTheirConstantsMatchNothing() {
        let invalid: [(String, Bool)] = [
            ("(a", false), ("a)", false), ("*a", false), ("[a", false), (#"a\"#, false), (#"\q"#, false),
            (#"\x4"#, false), ("(?<a)", false), ("(?<=a+)b", false), ("(?P<n>a)", false), ("[z-a]", false),
            ("(ab){3,1}", false), ("(ab){0,100}", false), ("a{99999999999}", false), ("[a]", true), ("é", true),
        ]
        for (source, ignoreCase) in invalid {
            XCTAssertThrowsError(try PythonPattern(source, ignoreCase: ignoreCase), source)
            let constant = PythonPattern.constant(source, ignoreCase: ignoreCase)
            XCTAssertNotNil(constant.compileError, source)
            let text = Array("(ab)ababab a é z [a".unicodeScalars)
            XCTAssertTrue(constant.matches(in: text).isEmpty, source)
            XCTAssertEqual(constant.replacingMatches(in: text, withTemplate: "x"), text, source)
        }
        // A long counted repetition of one scalar runs in one step, so it needs no unrolling and is fine.
        XCTAssertNoThrow(try PythonPattern("a{0,100}"))
    }

    func testGeneratedTablesAreWellFormed() {
        XCTAssertEqual(HTMLEntities.byName.count, 2231)
        XCTAssertFalse(HTMLEntities.byName.values.contains { $0.isEmpty || $0.contains("\u{FFFD}") })
        let upperCase = HTMLEntities.parse(TextRepairTables.upperCaseEntities)
        XCTAssertFalse(upperCase.isEmpty)
        XCTAssertFalse(upperCase.values.contains { $0.isEmpty || $0.contains("\u{FFFD}") })
        XCTAssertTrue(TextRepairTables.singleByteEncodings.allSatisfy { $0.decoding.count == 256 })
        XCTAssertEqual(SingleByteEncoding.latin1.decode([0xE9]), ["\u{E9}"])
        XCTAssertEqual(SingleByteEncoding.sloppyWindows1252.decode([0x80, 0x81]), ["\u{20AC}", "\u{81}"])
        XCTAssertEqual(SingleByteEncoding.windows1252.decode([0x80]), ["\u{20AC}"])
        XCTAssertNil(SingleByteEncoding.windows1252.decode([0x81]))
    }
}
