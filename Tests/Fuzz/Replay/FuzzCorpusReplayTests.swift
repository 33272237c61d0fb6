import Foundation
import FuzzEntries
import TestSupport
import XCTest

/// Replays every committed fuzz input (`Fixtures/fuzz/<target>/`: the minimised corpus and each input that once
/// crashed) through the same entry the fuzzer ran, so a fixed crash cannot come back unnoticed. A crash here is a
/// crash of the test process; a bad refusal (empty or multi-line message) is a test failure naming the file.
final class FuzzCorpusReplayTests: XCTestCase {
    override func tearDown() {
        FuzzTarget.removeScratchFiles()
        super.tearDown()
    }

    func testEveryTargetHasACorpus() throws {
        for target in FuzzTarget.all {
            XCTAssertGreaterThan(try corpus(of: target).count, 0, "Fixtures/fuzz/\(target.name) holds no inputs")
        }
    }

    func testCorpusReplaysCleanly() throws {
        var replayed = 0
        for target in FuzzTarget.all {
            for file in try corpus(of: target) {
                let input = try [UInt8](Data(contentsOf: file))
                if case .violation(let violation) = target.run(input) {
                    XCTFail("\(target.name)/\(file.lastPathComponent): \(violation)")
                }
                replayed += 1
            }
        }
        print("replayed \(replayed) fuzz inputs over \(FuzzTarget.all.count) targets")
    }

    func testTargetNamesAreUnique() {
        XCTAssertEqual(Set(FuzzTarget.all.map(\.name)).count, FuzzTarget.all.count)
    }

    private func corpus(of target: FuzzTarget) throws -> [URL] {
        let folder = FixturePaths.fixture("fuzz/\(target.name)")
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
