import Foundation
import Testing
import TestSupport
@testable import VVAESupport

struct DigestTests {
    private func hex(_ text: String) -> String {
        StreamingDigest.hexDigest(of: Array(text.utf8))
    }

    @Test func knownVectorsFromFIPS180() {
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func chunkedUpdatesEqualOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var pieces = StreamingDigest()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { pieces.update(Array(bytes[chunk..<min(chunk + 37, bytes.count)])) }
        #expect(StreamingDigest.hexDigest(of: bytes) == pieces.hexDigest())
    }

    @Test func millionAs() {
        #expect(StreamingDigest.hexDigest(of: [UInt8](repeating: 0x61, count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func fileDigestMatchesInMemoryDigest() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("blob").path
        // Larger than one 4 MiB read, not a multiple of it.
        let bytes = (0..<(9 << 20) + 12345).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 13) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var seen = 0
        #expect(try StreamingDigest.hexDigest(ofFileAt: path, progress: { seen += $0 }) == StreamingDigest.hexDigest(of: bytes))
        #expect(seen == bytes.count)
        #expect(throws: SupportError.cannotOpen(path: path + ".missing")) { try StreamingDigest.hexDigest(ofFileAt: path + ".missing") }
    }
}

struct FileRegionsTests {
    @Test func mappedDigestsAndReadsAgreeWithInMemoryOnes() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let path = folder.appendingPathComponent("blob").path
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ $0 >> 9) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = try MappedReader(path: path)
        #expect(reader.size == bytes.count)
        // Windows smaller than the file and ranges that start off a page boundary.
        #expect(try reader.hexDigest(of: 5000..<250_001, window: 7000) == StreamingDigest.hexDigest(of: Array(bytes[5000..<250_001])))
        #expect(try reader.hexDigest() == StreamingDigest.hexDigest(of: bytes))
        #expect(try reader.bytes(4097..<4200) == Array(bytes[4097..<4200]))
        #expect(throws: SupportError.self) { try reader.bytes(0..<(bytes.count + 1)) }
        #expect(throws: SupportError.self) { try reader.hexDigest(of: 10..<(bytes.count + 5)) }
    }

    @Test func positionalWritesAndKernelCopiesLandWhereAsked() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let sourcePath = folder.appendingPathComponent("source").path
        let bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: sourcePath))
        let outputPath = folder.appendingPathComponent("out").path
        let writer = try PositionalWriter(path: outputPath, create: true)
        #expect(throws: SupportError.self) { try PositionalWriter(path: outputPath, create: true) }
        try writer.setLength(150_000)
        writer.preallocate(length: 150_000)
        let source = try MappedReader(path: sourcePath)
        try writer.copy(1000..<101_000, of: source, to: 49_999)
        try writer.write([1, 2, 3], at: 0)
        #expect(throws: SupportError.self) { try writer.copy(0..<(bytes.count + 1), of: source, to: 0) }
        let written = try #require(FileManager.default.contents(atPath: outputPath))
        #expect(written.count == 150_000)
        #expect(Array(written.prefix(3)) == [1, 2, 3])
        #expect(Array(written[49_999..<149_999]) == Array(bytes[1000..<101_000]))
        #expect(written[49_998] == 0)
    }
}
