import Foundation
import Testing
import TestSupport
@testable import TorchCheckpoint

/// Hostile and broken files give a typed error naming the file; nothing crashes, hangs or runs.
@Suite struct HostileFileTests {
    static let cases: [(file: String, kind: CheckpointError.Kind)] = [
        ("os_system.pt", .forbiddenGlobal),
        ("shape_overrun.pt", .tensorOutOfBounds),
        ("short_record.pt", .storageMismatch),
        ("truncated.pt", .truncated),
        ("truncated_legacy.pt", .truncated),
        ("empty.pt", .emptyFile),
        ("text.pt", .unknownFormat),
        ("bad_memo.pt", .invalidMemo),
        ("nesting_bomb.pt", .nestingTooDeep),
        ("stack_bomb.pt", .stackOverflow),
        ("huge_length.pt", .lengthTooLarge),
        ("plain_pickle.pt", .notACheckpoint),
    ]

    @Test(arguments: cases.map(\.file))
    func hostileFileIsRejectedWithATypedError(file: String) throws {
        let expectedKind = try #require(Self.cases.first { $0.file == file }?.kind)
        let path = RecordedExpectations.path("hostile/" + file)
        do {
            _ = try Checkpoint(path: path)
            Issue.record("\(file) opened without error")
        } catch let error as CheckpointError {
            #expect(error.kind == expectedKind, "\(error)")
            #expect(error.file == path)
            #expect(error.description.hasPrefix(path))
        }
    }

    @Test func osSystemIsNeverRun() throws {
        let marker = "/tmp/vvae-pwned"
        try? FileManager.default.removeItem(atPath: marker)
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint(path: RecordedExpectations.path("hostile/os_system.pt"))
        }
        #expect(error.reason.contains("os.system") || error.reason.contains("posix.system"))
        #expect(error.key == "os_system/data.pkl" && error.offset != nil)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func overrunNamesTheTensor() throws {
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint(path: RecordedExpectations.path("hostile/shape_overrun.pt"))
        }
        #expect(error.key == "w")
        #expect(error.reason.contains("[2, 9]"))
    }

    @Test func shortRecordNamesTheRecord() throws {
        let error = try #require(throws: CheckpointError.self) {
            try Checkpoint(path: RecordedExpectations.path("hostile/short_record.pt"))
        }
        #expect(error.key?.hasPrefix("views/data/") == true)
    }

    @Test func missingFileIsAnIOError() throws {
        let error = try #require(throws: CheckpointError.self) { try Checkpoint(path: "/nonexistent/x.pt") }
        #expect(error.kind == .io)
    }

    @Test func directoryIsAnIOError() throws {
        let error = try #require(throws: CheckpointError.self) { try Checkpoint(path: "/tmp") }
        #expect(error.kind == .io)
    }
}

/// Inputs the fuzzer found (Fixtures/fuzz/torch-zip/): each is refused for the right reason, and early.
@Suite struct FuzzFoundArchiveTests {
    static func refusal(_ name: String, target: String = "torch-zip") throws -> CheckpointError? {
        let path = FixturePaths.fixture("fuzz/\(target)/" + name).path
        return #expect(throws: CheckpointError.self) { _ = try Checkpoint(path: path) }
    }

    /// 2,763 stored bytes whose directory entry claims 822 MB: refused before anything is allocated.
    @Test func aStoredRecordWhoseSizeIsNotItsLengthIsRefused() throws {
        let error = try Self.refusal("oom-81154767b2cc43984a5ffa355da557c80e7875d9")
        #expect(error?.kind == .corruptArchive)
        #expect(error?.description.contains("stored record claims 822086347 bytes but holds 2763") == true)
    }

    /// 200 KB of EMPTY_LIST then APPEND nesting lists 94,000 deep: refused while the lists are built (byte
    /// 105,619), not once the whole pickle has run (byte 200,001).
    @Test(arguments: ["timeout-692f8eb43dcc3fd935d6145c52d0e857d005ec63",
                      "timeout-6724467b4170c46ed0dc1ab043753a21b123affe"])
    func listsNestedThousandsDeepAreRefusedAsTheyAreBuilt(name: String) throws {
        let error = try Self.refusal(name)
        #expect(error?.kind == .nestingTooDeep)
        #expect(error?.description.contains("at byte 105619") == true)
    }

    /// 396 bytes of DUP, MARK and shared empty dicts, sets and frozensets that describe millions of values. It
    /// used to be frozen to a million values and then rendered whole into a 2.5 MB error line (2.2 s); now the
    /// value budget refuses it, and no rendering of a value is longer than the description budget.
    @Test func sharedContainersExpandingToMillionsOfValuesAreRefused() throws {
        let error = try Self.refusal("timeout-855a43dedf6b83fb0c3d8f9f656a24fab0652a71", target: "pickle")
        #expect(error?.kind == .lengthTooLarge)
        #expect(error?.description.contains("expands to too many values") == true)
        #expect((error?.description.count ?? .max) < 500)
    }
}
