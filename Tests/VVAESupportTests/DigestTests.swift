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
