/// Reads a SentencePiece `spiece.model` and builds the `T5TokenizerFast` that upstream VideoVAE+'s pinned stack
/// (transformers 4.25.1, tokenizers 0.13.3) converts it to at load time — upstream downloads `spiece.model` only:
/// the pieces and scores, `<extra_id_N>` pieces appended from the highest N down, the charsmap then `" {2,}" → " "`
/// as normaliser, `Metaspace` with a prefix `▁`, `</s>` appended. (Today's conversion differs in trailing and
/// repeated whitespace; a `tokenizer.json` written by it is read as it says.)
public enum SentencePieceModelFile {
    /// `extraIDs`: the `<extra_id_N>` sentinels T5 adds (`tokenizer_config.json`'s `extra_ids`, 100 when absent).
    /// The model's piece types, `byte_fallback`, `add_dummy_prefix` and `remove_extra_whitespaces` are not read:
    /// the pinned conversion ignores them (no byte fallback, a prefix `▁` and collapsed spaces always).
    public static func tokenizer(bytes: [UInt8], source: String, extraIDs: Int = 100) throws -> SentencePieceTokenizer {
        guard (0...10_000).contains(extraIDs) else {
            throw TextTokenizerError(source: source, "extra_ids \(extraIDs) is outside 0...10000")
        }
        var pieces: [UnigramModel.Piece] = []
        var charsmap: [UInt8] = []
        var unknownID = 0, eosID = 1, padID = 0
        var modelType: UInt64 = 1
        do {
            for field in try ProtobufReader.fields(of: bytes[...]) {
                switch (field.number, field.value) {
                case (1, .bytes(let message)):
                    var text: String?
                    var score: Float = 0
                    for inner in try ProtobufReader.fields(of: message) {
                        switch (inner.number, inner.value) {
                        case (1, .bytes(let utf8)):
                            guard let decoded = String(validating: utf8, as: UTF8.self) else {
                                throw TextTokenizerError(source: source, "piece \(pieces.count) is not UTF-8")
                            }
                            text = decoded
                        case (2, .fixed32(let bits)): score = Float(bitPattern: bits)
                        default: break
                        }
                    }
                    guard let text else { throw TextTokenizerError(source: source, "piece \(pieces.count) has no text") }
                    pieces.append(.init(text: text, score: Double(score)))
                case (2, .bytes(let trainer)):
                    for inner in try ProtobufReader.fields(of: trainer) {
                        switch (inner.number, inner.value) {
                        case (3, .varint(let raw)): modelType = raw
                        case (40, .varint(let raw)): unknownID = Int(truncatingIfNeeded: Int32(truncatingIfNeeded: raw))
                        case (42, .varint(let raw)): eosID = Int(truncatingIfNeeded: Int32(truncatingIfNeeded: raw))
                        case (43, .varint(let raw)): padID = Int(truncatingIfNeeded: Int32(truncatingIfNeeded: raw))
                        default: break
                        }
                    }
                case (3, .bytes(let normalizer)):
                    for inner in try ProtobufReader.fields(of: normalizer) {
                        switch (inner.number, inner.value) {
                        case (2, .bytes(let map)): charsmap = Array(map)
                        default: break
                        }
                    }
                default: break
                }
            }
        } catch let malformed as ProtobufReader.Malformed {
            throw TextTokenizerError(source: source, "not a SentencePiece model: \(malformed.reason) at byte \(malformed.offset)")
        }
        guard modelType == 1 else {
            throw TextTokenizerError(source: source, "a SentencePiece model of type \(modelType), not Unigram (1); only Unigram is supported")
        }
        guard !pieces.isEmpty else { throw TextTokenizerError(source: source, "not a SentencePiece model: it has no pieces") }
        for (name, id) in [("unk_id", unknownID), ("eos_id", eosID)] where !pieces.indices.contains(id) {
            throw TextTokenizerError(source: source, "\(name) \(id) is outside the \(pieces.count) pieces")
        }
        let base = pieces.count
        for index in stride(from: extraIDs - 1, through: 0, by: -1) {
            pieces.append(.init(text: "<extra_id_\(index)>", score: 0))
        }
        let model = try UnigramModel(pieces: pieces, unknownID: unknownID, byteFallback: false, source: source)

        var normalizer: [NormalizerStep] = []
        if !charsmap.isEmpty { normalizer.append(.precompiled(try PrecompiledCharsmap(bytes: charsmap, source: source))) }
        normalizer.append(.collapseRuns(of: " ", minimumCount: 2, replacement: " "))

        // The pinned conversion always asks Metaspace for the prefix, whatever add_dummy_prefix says.
        let prepend = MetaspaceSplitter.PrependScheme.always
        var added: [AddedToken] = []
        var seen = Set<String>()
        func addSpecial(_ id: Int) {
            guard pieces.indices.contains(id), seen.insert(pieces[id].text).inserted else { return }
            added.append(AddedToken(content: pieces[id].text, id: id, special: true))
        }
        addSpecial(padID)
        addSpecial(eosID)
        addSpecial(unknownID)
        for id in base..<pieces.count { addSpecial(id) }
        return SentencePieceTokenizer(
            model: model, normalizer: normalizer, splitter: MetaspaceSplitter(prependScheme: prepend),
            addedTokens: added, prefixIDs: [], suffixIDs: [eosID],
            paddingID: pieces.indices.contains(padID) ? padID : 0, source: source)
    }
}
