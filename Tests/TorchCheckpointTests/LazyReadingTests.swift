import Foundation
import Testing
import TestSupport
@testable import TorchCheckpoint

/// Opening and listing reads only the pickle: a checkpoint whose storage record is damaged still opens and lists,
/// and only reading that tensor fails.
@Suite struct LazyReadingTests {
    /// Overwrites the compressed bytes of a deflated `record` with 0xFF (a reserved deflate block type), using the
    /// sizes in its local header (Python's zipfile writes them there).
    static func corruptDeflatedData(of record: String, in bytes: inout [UInt8]) throws {
        let name = Array(record.utf8)
        var found = false
        for start in 0..<(bytes.count - 30 - name.count) where bytes[start..<(start + 4)].elementsEqual([0x50, 0x4B, 0x03, 0x04]) {
            func u16(_ at: Int) -> Int { Int(bytes[start + at]) | Int(bytes[start + at + 1]) << 8 }
            let nameLength = u16(26), extraLength = u16(28), method = u16(8)
            let compressedSize = u16(18) | u16(20) << 16
            guard nameLength == name.count, bytes[(start + 30)..<(start + 30 + nameLength)].elementsEqual(name) else {
                continue
            }
            try #require(method == 8)
            let data = start + 30 + nameLength + extraLength
            for i in data..<(data + compressedSize) { bytes[i] = 0xFF }
            found = true
        }
        try #require(found)
    }

    @Test func damagedStorageRecordDoesNotStopListing() throws {
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: RecordedExpectations.path("deflated.pt"))))
        try Self.corruptDeflatedData(of: "views/data/0", in: &bytes)
        let folder = try FixturePaths.temporaryDirectory("lazy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("deflated.pt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let checkpoint = try Checkpoint(path: path)
        #expect(checkpoint.tensors.count == 11)
        let transposed = try #require(checkpoint.tensor(named: "transposed"))
        #expect(transposed.storageKey == "0")
        let error = try #require(throws: CheckpointError.self) { try checkpoint.readData(transposed) }
        #expect(error.kind == .corruptArchive)
        #expect(error.key == "views/data/0")
        // Other storages are untouched.
        #expect(try checkpoint.readFloats(try #require(checkpoint.tensor(named: "param"))) == [1, -2])
    }

    @Test func recordsAreReadConcurrently() async throws {
        let checkpoint = try Checkpoint(path: RecordedExpectations.path("large.pt"))
        let tensor = try #require(checkpoint.tensor(named: "big.weight"))
        let reference = try checkpoint.readData(tensor)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { try checkpoint.readData(tensor) == reference } }
            for try await same in group { #expect(same) }
        }
    }
}
