import Foundation
import TestSupport
import XCTest
@testable import TextTokenizer

/// The helpers of the caption cleaning, each against the Python function it stands for (recorded in
/// Fixtures/text/caption-pieces.json by Fixtures/generators/make_caption_fixtures.py).
final class CaptionPiecesTests: XCTestCase {
    /// The committed recording, or another of the same shape named by `VVAE_CAPTION_PIECES` (ad-hoc fuzz runs).
    private static var pieces: [String: Any] {
        let path = ProcessInfo.processInfo.environment["VVAE_CAPTION_PIECES"]
            .map { URL(fileURLWithPath: $0) } ?? FixturePaths.fixture("text/caption-pieces.json")
        let data = try! Data(contentsOf: path)
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    private func show(_ text: String) -> String {
        text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : String(format: "\\u{%X}", $0.value) }.joined()
    }

    private func check(_ name: String, _ function: ([Unicode.Scalar]) throws -> [Unicode.Scalar]) {
        let cases = Self.pieces[name] as! [[Any]]
        XCTAssertFalse(cases.isEmpty)
        for pair in cases {
            let input = pair[0] as! String
            let got: [Unicode.Scalar]
            do {
                got = try function(Array(input.unicodeScalars))
            } catch {
                XCTAssertNotNil(pair[1] as? [String: Any], "\(name)(\(show(input))) threw \(error)")
                continue
            }
            guard let expected = pair[1] as? String else {
                XCTFail("\(name)(\(show(input))): Python raised, got \(show(got.string))")
                continue
            }
            XCTAssertTrue(got == Array(expected.unicodeScalars),
                           "\(name)(\(show(input))): expected \(show(expected)) got \(show(got.string))")
        }
    }

    func testUnquotePlus() { check("unquote_plus", URLUnquoting.unquotePlus) }
    func testHTMLUnescape() { check("html_unescape", HTMLUnescaping.unescape) }
    func testSoupText() { check("soup_text", HTMLDocumentText.text(of:)) }
    func testFixText() { check("fix_text", TextRepair.fixText) }
    func testLower() { check("lower", PythonCharacters.lowercased) }
    func testStrip() { check("strip", PythonCharacters.stripped) }
}
