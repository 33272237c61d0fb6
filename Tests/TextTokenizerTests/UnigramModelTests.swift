import Testing
@testable import TextTokenizer

@Suite struct UnigramModelTests {
    /// The example `tokenizers` documents for its Unigram model: the best path, and an unknown run fused.
    @Test func viterbiPicksTheBestPathAndFusesUnknownCharacters() throws {
        let scores: [(String, Double)] = [("<unk>", 0), ("a", 0), ("b", 0), ("c", 0), ("d", 0), ("cd", 1), ("ab", 2), ("abc", 5), ("abcd", 10)]
        let model = try UnigramModel(pieces: scores.map { .init(text: $0.0, score: $0.1) }, unknownID: 0, byteFallback: false, source: "test")
        #expect(model.segment("abcdacdxx") == ["abcd", "a", "cd", "xx"])
        #expect(model.encode("abcdacdxx") == [8, 1, 5, 0])
        #expect(model.segment("") == [])
    }

    @Test func byteFallbackSpellsAnUnknownCharacterInBytes() throws {
        var pieces: [UnigramModel.Piece] = [.init(text: "<unk>", score: 0), .init(text: "a", score: -1)]
        for byte in 0...255 { pieces.append(.init(text: UnigramModel.bytePiece(UInt8(byte)), score: -5)) }
        let model = try UnigramModel(pieces: pieces, unknownID: 0, byteFallback: true, source: "test")
        #expect(model.encode("aé") == [1, 2 + 0xC3, 2 + 0xA9])
    }

    @Test func anUnknownIdOutsideTheVocabularyIsRefused() {
        #expect(throws: TextTokenizerError.self) {
            try UnigramModel(pieces: [.init(text: "a", score: 0)], unknownID: 3, byteFallback: false, source: "test")
        }
    }
}
