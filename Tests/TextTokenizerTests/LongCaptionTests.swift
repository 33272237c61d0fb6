import XCTest
@testable import TextTokenizer

/// Long captions: the matcher keeps its backtracking on the heap, so length never exhausts the call stack. (Exact
/// agreement with Python on long inputs is part of the fixture, kind "long".)
final class LongCaptionTests: XCTestCase {
    func testLongCaptionsDoNotExhaustTheStack() {
        let n = 50_000
        let inputs = [
            "<a" + String(repeating: " ", count: n) + ">x",
            "<a" + String(repeating: " b", count: n / 2) + ">x",
            String(repeating: "CafÃ© ", count: n / 6),
            String(repeating: "Ã©", count: n / 2),
            String(repeating: "word ", count: n / 5),
            String(repeating: "\u{E2}\u{80}\u{99}", count: n / 3),
        ]
        for input in inputs {
            let start = Date()
            let cleaned = CaptionCleaner.prepare(input)
            XCTAssertLessThanOrEqual(cleaned.unicodeScalars.count, input.unicodeScalars.count)
            print("long caption \(input.unicodeScalars.count) scalars (\(input.prefix(6).debugDescription)): "
                  + "\(Date().timeIntervalSince(start)) s")
        }
        XCTAssertEqual(CaptionCleaner.prepare("<a" + String(repeating: " ", count: n) + ">x"), "x")
    }
}
