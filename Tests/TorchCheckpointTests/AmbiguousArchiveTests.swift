import Foundation
import Testing
import TestSupport
@testable import TorchCheckpoint

/// Zip archives that readers could read differently (two records of one name, a central directory that disagrees
/// with the local headers, records that overlap) are refused, so no scanner can pass one file while PyTorch loads
/// another. The archives are built here byte by byte.
struct AmbiguousArchiveTests {
    struct Record {
        var name: String
        var data: [UInt8]
        /// The name the local header gives, when it should disagree with the central directory's.
        var localName: String?
        /// The size the central directory claims, when it should run into the next record.
        var claimedSize: Int?
    }

    /// `torch.save` of `{}`: protocol 2, EMPTY_DICT, BINPUT 0, STOP.
    static let emptyDictPickle: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x2E]

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    /// A stored (uncompressed) zip of `records`; `centralOffsets` may point central entries at other local headers.
    static func archive(_ records: [Record], centralOffsets: [Int?]? = nil) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
        var out: [UInt8] = []
        var offsets: [Int] = []
        for record in records {
            offsets.append(out.count)
            let name = Array((record.localName ?? record.name).utf8)
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc32(record.data))
            out += le32(UInt32(record.data.count)) + le32(UInt32(record.data.count)) + le16(name.count) + le16(0)
            out += name + record.data
        }
        let directoryStart = out.count
        for (index, record) in records.enumerated() {
            let name = Array(record.name.utf8)
            let offset = centralOffsets?[index] ?? offsets[index]
            out += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0) + le32(crc32(record.data))
            let size = UInt32(record.claimedSize ?? record.data.count)
            out += le32(size) + le32(size) + le16(name.count) + le16(0) + le16(0)
            out += le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
        }
        let directorySize = out.count - directoryStart
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(records.count) + le16(records.count)
        out += le32(UInt32(directorySize)) + le32(UInt32(directoryStart)) + le16(0)
        return out
    }

    private func open(_ bytes: [UInt8]) throws -> (path: String, result: Result<Checkpoint, CheckpointError>) {
        let folder = try FixturePaths.temporaryDirectory("vvae-zip")
        let path = folder.appendingPathComponent("archive.pt").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        do {
            return (path, .success(try Checkpoint(path: path)))
        } catch let error as CheckpointError {
            return (path, .failure(error))
        }
    }

    private func refusal(_ bytes: [UInt8]) throws -> CheckpointError? {
        let (path, result) = try open(bytes)
        guard case .failure(let error) = result else {
            Issue.record("an ambiguous archive opened")
            return nil
        }
        #expect(error.file == path)
        #expect(error.kind == .corruptArchive, "\(error)")
        return error
    }

    private let pickle = Record(name: "archive/data.pkl", data: emptyDictPickle)
    private let order = Record(name: "archive/byteorder", data: Array("little".utf8))

    @Test func theBuilderMakesArchivesThatOpen() throws {
        let (_, result) = try open(Self.archive([pickle, order]))
        guard case .success(let checkpoint) = result else { Issue.record("\(result)"); return }
        #expect(checkpoint.tensors.isEmpty)
        #expect(checkpoint.format == .torchZip)
    }

    @Test func twoRecordsOfTheSameNameAreRefused() throws {
        let other = Record(name: "archive/data.pkl", data: [0x80, 0x02, 0x5D, 0x71, 0x00, 0x2E])
        let error = try refusal(Self.archive([pickle, order, other]))
        #expect(error?.reason.contains("two records of this name") == true)
        #expect(error?.key == "archive/data.pkl")
    }

    @Test func namesEqualButForCaseOrDotSlashAreRefused() throws {
        let upper = Record(name: "archive/DATA.pkl", data: Self.emptyDictPickle)
        #expect(try refusal(Self.archive([pickle, order, upper]))?.reason.contains("also holds 'archive/data.pkl'") == true)
        let dotted = Record(name: "./archive/data.pkl", data: Self.emptyDictPickle)
        #expect(try refusal(Self.archive([pickle, order, dotted]))?.reason.contains("ambiguous") == true)
    }

    @Test func localHeaderNamingAnotherRecordIsRefused() throws {
        var disguised = pickle
        disguised.localName = "archive/data.pkX"
        let error = try refusal(Self.archive([disguised, order]))
        #expect(error?.reason.contains("disagrees with the central directory") == true)
    }

    @Test func aRecordRunningIntoTheNextIsRefused() throws {
        // The central directory claims the first record is 40 bytes long: it would swallow the next local header.
        var long = Record(name: "archive/extra", data: Array(repeating: 7, count: 8))
        long.claimedSize = 40
        let error = try refusal(Self.archive([pickle, long, order]))
        #expect(error?.reason.contains("overlaps record 'archive/extra'") == true, "\(String(describing: error))")
    }
}
