import Foundation
import TestSupport
import Testing
@testable import TextTokenizer

/// Token ids recorded from `transformers` on Fixtures/t5/tiny (a Unigram model trained for the fixtures):
/// `tokenizer.json` against today's T5TokenizerFast, `spiece.model` against upstream's pinned conversion.
@Suite struct RecordedTokenIDsTests {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
        let tokens: [String]?
        let attention_mask: [Int]?
    }

    struct Padded: Decodable { let cases: [Case] }
    struct Recording: Decodable {
        let cases: [Case]
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: FixturePaths.fixture(relative)))
    }

    static func recording(_ name: String) throws -> (cases: [Case], padded: [Case]) {
        let data = try Data(contentsOf: FixturePaths.fixture("t5/\(name)"))
        let cases = try JSONDecoder().decode(Recording.self, from: data).cases
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let paddedObject = object?["max_length_16"] as? [String: Any]
        let paddedCases = paddedObject?["cases"] ?? object?["max_length_16"]
        let padded = try JSONDecoder().decode([Case].self, from: JSONSerialization.data(withJSONObject: paddedCases ?? []))
        return (cases, padded)
    }

    static func check(_ tokenizer: SentencePieceTokenizer, _ recording: (cases: [Case], padded: [Case])) throws {
        #expect(recording.cases.count > 100)
        var mismatches = 0
        for recorded in recording.cases {
            let ids = tokenizer.encode(recorded.text)
            if ids != recorded.ids {
                mismatches += 1
                let first = zip(ids, recorded.ids).enumerated().first { $1.0 != $1.1 }?.offset ?? min(ids.count, recorded.ids.count)
                Issue.record("""
                    \(recorded.text.debugDescription.prefix(120)): ids differ first at \(first): \
                    got \(Array(ids[min(first, ids.count)...].prefix(8))), transformers \(Array(recorded.ids[min(first, recorded.ids.count)...].prefix(8))); \
                    tokens \(tokenizer.tokens(recorded.text).prefix(first + 4).suffix(6)) vs \((recorded.tokens ?? []).prefix(first + 4).suffix(6))
                    """)
            }
            if mismatches > 10 { break }
        }
        #expect(recording.padded.count >= 5)
        for recorded in recording.padded {
            let (ids, mask) = try tokenizer.encode(recorded.text, maxLength: 16)
            #expect(ids == recorded.ids, "\(recorded.text.debugDescription)")
            #expect(mask == recorded.attention_mask, "\(recorded.text.debugDescription)")
        }
    }

    @Test func tokenizerJSONGivesTheIdsOfTodaysT5TokenizerFast() throws {
        let tokenizer = try TokenizerJSONFile.tokenizer(bytes: try Self.bytes("t5/tiny/tokenizer.json"), source: "tokenizer.json")
        try Self.check(tokenizer, try Self.recording("token-ids.json"))
    }

    @Test func spieceModelGivesTheIdsOfUpstreamsPinnedConversion() throws {
        let tokenizer = try SentencePieceModelFile.tokenizer(bytes: try Self.bytes("t5/tiny-bin/spiece.model"),
                                                             source: "spiece.model", extraIDs: 4)
        try Self.check(tokenizer, try Self.recording("v4/token-ids.json"))
    }

    @Test func bothSourcesBuildTheSameVocabulary() throws {
        let json = try TokenizerJSONFile.tokenizer(bytes: try Self.bytes("t5/tiny/tokenizer.json"), source: "tokenizer.json")
        let model = try SentencePieceModelFile.tokenizer(bytes: try Self.bytes("t5/tiny/spiece.model"), source: "spiece.model", extraIDs: 4)
        #expect(json.model.pieces == model.model.pieces)
        #expect(json.vocabularySize == model.vocabularySize)
        #expect(json.suffixIDs == [1] && model.suffixIDs == [1])
    }
}
