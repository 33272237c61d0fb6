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
