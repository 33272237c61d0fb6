import Foundation
import Testing
@testable import TorchCheckpoint

/// Opt-in: `VVAE_LARGE_CHECKPOINT=/path/to/2GB.ckpt swift test -c release --filter LargeCheckpointTiming`.
/// Listing must read only data.pkl, so even a multi-gigabyte file opens in well under a second (warm cache).
@Suite struct LargeCheckpointTimingTests {
    static let path = ProcessInfo.processInfo.environment["VVAE_LARGE_CHECKPOINT"]

    @Test(.enabled(if: path != nil, "set VVAE_LARGE_CHECKPOINT to a large checkpoint"))
    func largeCheckpointOpensQuickly() throws {
        let path = try #require(Self.path)
        _ = try Checkpoint(path: path)  // warm the page cache for data.pkl and the central directory
        let clock = ContinuousClock()
        var checkpoint: Checkpoint?
        let elapsed = try clock.measure { checkpoint = try Checkpoint(path: path) }
        let opened = try #require(checkpoint)
        let bytes = opened.tensors.reduce(0) { $0 + $1.tensor.byteCount }
        print("opened \(path): \(opened.tensors.count) tensors, \(bytes) bytes of data, in \(elapsed)")
        #expect(elapsed < .milliseconds(500))

        // Reading: one tensor from the middle of the file, raw and as floats.
        let middle = try #require(opened.tensors.dropFirst(opened.tensors.count / 2).first).tensor
        var floats: [Float] = []
        let readTime = try clock.measure { floats = try opened.readFloats(middle) }
        print("read \(middle.byteCount) bytes as \(floats.count) floats in \(readTime)")
        #expect(floats.count == middle.elementCount)
    }
}
