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
    /// With `zip64`, every size, offset and count lives in zip64 fields (as in checkpoints over 4 GiB): the 32-bit
    /// fields are saturated, each central entry has a zip64 extra field, and a zip64 end record and locator precede
    /// the end record.
    static func archive(_ records: [Record], centralOffsets: [Int?]? = nil, zip64: Bool = false) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * UInt32($0))) } }
        func le64(_ value: Int) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: UInt64(value) >> (8 * UInt64($0))) } }
        let saturated: UInt32 = 0xFFFF_FFFF
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
            let size = record.claimedSize ?? record.data.count
            if zip64 {
                let extra = le16(0x0001) + le16(24) + le64(size) + le64(size) + le64(offset)
                out += le32(saturated) + le32(saturated) + le16(name.count) + le16(extra.count) + le16(0)
                out += le16(0) + le16(0) + le32(0) + le32(saturated) + name + extra
            } else {
                out += le32(UInt32(size)) + le32(UInt32(size)) + le16(name.count) + le16(0) + le16(0)
                out += le16(0) + le16(0) + le32(0) + le32(UInt32(offset)) + name
            }
        }
        let directorySize = out.count - directoryStart
        if zip64 {
            let recordStart = out.count
            out += le32(0x0606_4B50) + le64(44) + le16(45) + le16(45) + le32(0) + le32(0)
            out += le64(records.count) + le64(records.count) + le64(directorySize) + le64(directoryStart)
            out += le32(0x0706_4B50) + le32(0) + le64(recordStart) + le32(1)
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(0xFFFF) + le16(0xFFFF)
            out += le32(saturated) + le32(saturated) + le16(0)
        } else {
            out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(records.count) + le16(records.count)
            out += le32(UInt32(directorySize)) + le32(UInt32(directoryStart)) + le16(0)
        }
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

    /// Checkpoints over 4 GiB keep sizes and offsets in zip64 fields; our directory reading follows them to the
    /// same records libzip sees, and the tensor bytes it locates are the right ones.
    @Test func zip64ArchivesOpenAndLocateTheirRecords() throws {
        // `{'w': tensor([1., 2.])}` as torch.save pickles it (protocol 2), storage "0" as archive/data/0.
        let pickle: [UInt8] = Array("\u{80}\u{02}}q\u{00}X\u{01}\u{00}\u{00}\u{00}wq\u{01}ctorch._utils\n_rebuild_tensor_v2\nq\u{02}((X\u{07}\u{00}\u{00}\u{00}storageq\u{03}ctorch\nFloatStorage\nq\u{04}X\u{01}\u{00}\u{00}\u{00}0q\u{05}X\u{03}\u{00}\u{00}\u{00}cpuq\u{06}K\u{02}tq\u{07}QK\u{00}K\u{02}\u{85}q\u{08}K\u{01}\u{85}q\u{09}\u{89}ccollections\nOrderedDict\nq\u{0A})Rq\u{0B}tq\u{0C}Rq\u{0D}s.".unicodeScalars.map { UInt8($0.value) })
        let values: [UInt8] = [0, 0, 0x80, 0x3F, 0, 0, 0, 0x40]
        let records = [Record(name: "archive/data.pkl", data: pickle), order, Record(name: "archive/data/0", data: values)]
        for zip64 in [false, true] {
            let (path, result) = try open(Self.archive(records, zip64: zip64))
            guard case .success(let checkpoint) = result else { Issue.record("zip64 \(zip64): \(result)"); continue }
            let tensor = try #require(checkpoint.tensor(named: "w"))
            #expect(try checkpoint.readFloats(tensor) == [1, 2])
            let span = try #require(checkpoint.fileSpan(of: tensor))
            let bytes = try #require(FileManager.default.contents(atPath: path))
            #expect(Array(bytes[span]) == values)
        }
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
