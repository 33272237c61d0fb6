import Foundation
import Testing
import TestSupport
import VVAESupport
@testable import TorchCheckpoint

/// Seeded byte mutations of a real torch.save zip: each mutant opens (and then reads every tensor) or is refused with
/// a `CheckpointError`. Mutations aim at the zip structures (local headers, central directory, end records) and the
/// pickle, where our own directory reading and libzip must agree.
struct MutatedArchiveTests {
    @Test func mutantsOpenOrAreRefused() throws {
        let original = Array(try #require(FileManager.default.contents(atPath: FixturePaths.fixture("checkpoints/views.pt").path)))
        let folder = try FixturePaths.temporaryDirectory("vvae-zip-mutants")
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 17)
        func next() -> UInt64 { generator.next() }
        var opened = 0
        for round in 0..<1000 {
            var bytes = original
            for _ in 0..<(1 + Int(next() % 3)) {
                // Half the mutations in the last 512 bytes (central directory and end records), half anywhere.
                let window = next() % 2 == 0 ? min(512, bytes.count) : bytes.count
                let position = bytes.count - 1 - Int(next() % UInt64(window))
                if next() % 3 == 0 { bytes[position] ^= 0xFF } else { bytes[position] = UInt8(truncatingIfNeeded: next()) }
            }
            let path = folder.appendingPathComponent("m\(round).pt").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let checkpoint = try Checkpoint(path: path)
                for named in checkpoint.tensors { _ = try checkpoint.readData(named.tensor) }
                opened += 1
            } catch is CheckpointError {
                // refused, naming the file
            }
            try FileManager.default.removeItem(atPath: path)
        }
        #expect(opened < 1000)
    }
}
