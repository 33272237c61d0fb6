import Foundation
import SafeTensors
import Testing
import TestSupport
import VVAESupport

/// Seeded byte mutations of a library-written file: each mutant either opens (and then reads every tensor) or is
/// refused with a typed error. A crash or a hang here is a bug; the seeds make any failure reproducible.
struct MutatedFileTests {
    @Test func mutantsOpenOrAreRefused() throws {
        let original = Array(try #require(FileManager.default.contents(atPath: FixturePaths.fixture("safetensors/dtypes.safetensors").path)))
        let folder = try FixturePaths.temporaryDirectory("vvae-safetensors-mutants")
        defer { try? FileManager.default.removeItem(at: folder) }
        var generator = SplitMix64(seed: 9)
        var opened = 0
        for round in 0..<1500 {
            var bytes = original
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let position = Int(generator.next() % UInt64(min(bytes.count, 8 + 400)))  // mostly the header
                switch generator.next() % 4 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes[position] ^= 1 << UInt8(generator.next() % 8)
                case 2: bytes.remove(at: position)
                default: bytes.insert(UInt8(ascii: ["{", "}", "\"", ",", "0", "[", "]", ":"][Int(generator.next() % 8)]), at: position)
                }
            }
            let path = folder.appendingPathComponent("m\(round).safetensors").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let file = try SafeTensorsFile(path: path)
                for tensor in file.archivedTensors { _ = try file.readData(named: tensor.name) }
                opened += 1
            } catch is SafeTensorsError {
                // refused, naming the file
            } catch is SupportError {
                // refused while reading
            }
            try FileManager.default.removeItem(atPath: path)
        }
        // Most mutants break the header; some (a changed data byte, a changed metadata letter) still open.
        #expect(opened > 0 && opened < 1500)
    }
}
