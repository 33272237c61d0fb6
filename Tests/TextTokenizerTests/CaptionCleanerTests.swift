import Foundation
import TestSupport
import XCTest
@testable import TextTokenizer

/// Upstream's caption cleaning, recorded from the Python code by Fixtures/generators/make_caption_fixtures.py, against
/// the Swift port: every caption cleaned once, twice (what upstream feeds its tokenizer) and with cleaning off.
final class CaptionCleanerTests: XCTestCase {
    struct Entry: Decodable {
        let caption: String
        let kind: String
        let once: String?
        let twice: String?
        let plain: String
        let approximate: String?
        let raises: String?
    }

    struct Fixture: Decodable {
        let entries: [Entry]
    }

    /// The committed fixture, or another file of the same shape named by `VVAE_CAPTION_FIXTURE` (for large ad-hoc
    /// runs written with the generator's `--stress N --out DIR`).
    private func loadEntries() throws -> [Entry] {
        let path = ProcessInfo.processInfo.environment["VVAE_CAPTION_FIXTURE"]
            .map { URL(fileURLWithPath: $0) } ?? FixturePaths.fixture("text/cleaned-captions.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: path)).entries
    }

    /// Code-point equality: Swift's `==` on strings is canonical equivalence, which would hide NFC differences.
    private func same(_ a: String, _ b: String) -> Bool {
        Array(a.unicodeScalars) == Array(b.unicodeScalars)
    }

    private func show(_ text: String) -> String {
        text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? String($0) : String(format: "\\u{%X}", $0.value) }.joined()
    }

    func testEveryCaptionCleansAsUpstream() throws {
        let entries = try loadEntries()
        XCTAssertFalse(entries.isEmpty)
        var exact = 0
        var compared = 0
        var mismatches: [String] = []
        for entry in entries {
            let once = CaptionCleaner.clean(entry.caption)
            let twice = CaptionCleaner.prepare(entry.caption)
            let plain = CaptionCleaner.prepare(entry.caption, clean: false)
            XCTAssertTrue(same(plain, entry.plain), "plain: \(show(entry.caption)) expected \(show(entry.plain)) got \(show(plain))")
            guard entry.approximate == nil, entry.raises == nil, let wantOnce = entry.once, let wantTwice = entry.twice else {
                continue  // approximated or rejected upstream: running to completion is the test
            }
            compared += 1
            var good = true
            if !same(once, wantOnce) {
                good = false
                mismatches.append("once [\(entry.kind)] caption \(show(entry.caption))\n  expected \(show(wantOnce))\n  got      \(show(once))")
            }
            if !same(twice, wantTwice) {
                good = false
                mismatches.append("twice [\(entry.kind)] caption \(show(entry.caption))\n  expected \(show(wantTwice))\n  got      \(show(twice))")
            }
            if good { exact += 1 }
        }
        print("caption cleaning: \(exact) of \(compared) compared captions exact (\(entries.count) entries)")
        XCTAssertTrue(mismatches.isEmpty, "\(mismatches.count) mismatches:\n" + mismatches.joined(separator: "\n"))
    }

    func testUpstreamExamplesAreAllCompared() throws {
        let entries = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: FixturePaths.fixture("text/cleaned-captions.json"))).entries
        let upstream = entries.filter { $0.kind == "upstream" }
        XCTAssertEqual(upstream.count, 6)
        XCTAssertTrue(upstream.allSatisfy { $0.approximate == nil && $0.raises == nil })
        let realistic = entries.filter { $0.kind == "realistic" }
        XCTAssertTrue(realistic.allSatisfy { $0.approximate == nil }, "realistic captions must all be exact")
    }

    func testPrepareWithoutCleaningOnlyLowercasesAndStrips() {
        XCTAssertEqual(CaptionCleaner.prepare("  A <b>Cat</b> — #1 \n", clean: false), "a <b>cat</b> — #1")
        XCTAssertEqual(CaptionCleaner.prepare("İ", clean: false).unicodeScalars.map(\.value), [0x69, 0x307])
    }

    func testMarkupPythonRejectsStillCleans() {
        // BeautifulSoup raises ParserRejectedMarkup here; the port carries on without the markup step.
        XCTAssertEqual(CaptionCleaner.clean("a <![foo b"), "a <! foo b")
    }
}
