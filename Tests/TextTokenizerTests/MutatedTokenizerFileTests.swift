import Foundation
import TestSupport
import Testing
import VVAESupport
@testable import TextTokenizer

/// Tokenizer files are untrusted input: seeded random corruptions of the fixture's `spiece.model` and
/// `tokenizer.json` either are refused with a `TextTokenizerError` or give a tokenizer that encodes text — never a
/// trap, never a hang.
@Suite struct MutatedTokenizerFileTests {
    static let probes = ["a cat on a deck", "", "  x  ", "é ﬁ ①", "<pad></s>", String(repeating: "ab ", count: 50)]

    /// Flips, overwrites, truncates or duplicates bytes of `original`, `count` times from `seed`.
    static func mutations(of original: [UInt8], count: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var bytes = original
            switch random.next() % 4 {
            case 0:
                for _ in 0..<(1 + Int(random.next() % 8)) {
                    let index = Int(random.next() % UInt64(bytes.count))
                    bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
                }
            case 1:
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            case 2:
                bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
            default:
                let start = Int(random.next() % UInt64(bytes.count))
                let length = min(bytes.count - start, 1 + Int(random.next() % 64))
                bytes.insert(contentsOf: bytes[start..<(start + length)], at: start)
            }
            return bytes
        }
    }

    static func exercise(_ build: () throws -> SentencePieceTokenizer) -> (refused: Int, built: Int) {
        do {
            let tokenizer = try build()
            for probe in probes {
                _ = tokenizer.encode(probe)
                _ = try? tokenizer.encode(probe, maxLength: 8)
            }
            return (0, 1)
        } catch is TextTokenizerError {
            return (1, 0)
        } catch {
            Issue.record("an error that is not a TextTokenizerError: \(error)")
            return (0, 0)
        }
    }

    @Test func corruptSpieceModelsAreRefusedOrStillTokenize() throws {
        let original = [UInt8](try Data(contentsOf: FixturePaths.fixture("t5/tiny/spiece.model")))
        var refused = 0, built = 0
        for bytes in Self.mutations(of: original, count: 300, seed: 11) {
            let outcome = Self.exercise { try SentencePieceModelFile.tokenizer(bytes: bytes, source: "mutated", extraIDs: 4) }
            refused += outcome.refused
            built += outcome.built
        }
        #expect(refused + built == 300)
        #expect(refused > 0 && built > 0, "refused \(refused), built \(built)")
    }

    @Test func corruptTokenizerJSONFilesAreRefusedOrStillTokenize() throws {
        let original = [UInt8](try Data(contentsOf: FixturePaths.fixture("t5/tiny/tokenizer.json")))
        var refused = 0, built = 0
        for bytes in Self.mutations(of: original, count: 150, seed: 12) {
            let outcome = Self.exercise { try TokenizerJSONFile.tokenizer(bytes: bytes, source: "mutated") }
            refused += outcome.refused
            built += outcome.built
        }
        #expect(refused + built == 150)
        #expect(refused > 0, "refused \(refused), built \(built)")
    }

    /// The charsmap alone, corrupted inside its trie: lookups that would leave the array end instead.
    @Test func aCorruptCharsmapTrieMapsFewerCharactersButNeverTraps() throws {
        let model = [UInt8](try Data(contentsOf: FixturePaths.fixture("t5/tiny/spiece.model")))
        let tokenizer = try SentencePieceModelFile.tokenizer(bytes: model, source: "spiece.model", extraIDs: 4)
        guard case .precompiled? = tokenizer.normalizer.first else {
            Issue.record("the fixture's tokenizer has no charsmap")
            return
        }
        var random = SplitMix64(seed: 13)
        var units = [UInt8](repeating: 0, count: 4 + 4 * 64)
        units[0] = 0; units[1] = 1  // a trie of 256 bytes
        for trial in 0..<200 {
            for index in 4..<units.count { units[index] = UInt8(truncatingIfNeeded: random.next()) }
            let charsmap = try PrecompiledCharsmap(bytes: units + [0x61, 0], source: "trial \(trial)")
            for probe in Self.probes { _ = charsmap.normalize(probe) }
        }
    }
}
