/// A SentencePiece Unigram tokenizer as `tokenizers` (and so `T5TokenizerFast`) runs it: added tokens found in the
/// raw text, each other part normalised, cut into words by `Metaspace`, segmented by the Unigram model; then the
/// post-processor's special tokens (`</s>` for T5), truncation and padding to a fixed length.
public struct SentencePieceTokenizer: Sendable {
    public let model: UnigramModel
    public let normalizer: [NormalizerStep]
    public let splitter: MetaspaceSplitter
    public let addedTokens: [AddedToken]
    /// Ids the post-processor puts before and after the text (T5: none, and `</s>`).
    public let prefixIDs: [Int]
    public let suffixIDs: [Int]
    /// Id used to pad to a fixed length (`<pad>`).
    public let paddingID: Int
    /// Where the tokenizer came from, for messages.
    public let source: String

    public init(model: UnigramModel, normalizer: [NormalizerStep], splitter: MetaspaceSplitter,
                addedTokens: [AddedToken], prefixIDs: [Int], suffixIDs: [Int], paddingID: Int, source: String) {
        self.model = model
        self.normalizer = normalizer
        self.splitter = splitter
        // Longest first, so at one position the longest token wins (leftmost-longest, as `tokenizers`).
        self.addedTokens = addedTokens.filter { !$0.content.isEmpty }
            .sorted { $0.content.utf8.count > $1.content.utf8.count }
        self.prefixIDs = prefixIDs
        self.suffixIDs = suffixIDs
        self.paddingID = paddingID
        self.source = source
    }

    /// How many ids a vocabulary lookup may return: the model's pieces and every added token.
    public var vocabularySize: Int {
        max(model.pieces.count, (addedTokens.map(\.id).max() ?? -1) + 1)
    }

    /// The ids of `text` with the post-processor's special tokens, neither truncated nor padded.
    public func encode(_ text: String) -> [Int] {
        prefixIDs + encodeWithoutSpecialTokens(text) + suffixIDs
    }

    /// Ids and attention mask of exactly `maxLength` entries: the text's ids cut to leave room for the special
    /// tokens, the special tokens, then padding (mask 0) — `padding="max_length", truncation=True`.
    public func encode(_ text: String, maxLength: Int) throws -> (ids: [Int], mask: [Int]) {
        let special = prefixIDs.count + suffixIDs.count
        guard maxLength >= special, maxLength > 0 else {
            throw TextTokenizerError(source: source, "max length \(maxLength) leaves no room for the \(special) special tokens")
        }
        let body = encodeWithoutSpecialTokens(text).prefix(maxLength - special)
        let ids = prefixIDs + body + suffixIDs
        let padding = maxLength - ids.count
        return (ids + [Int](repeating: paddingID, count: padding),
                [Int](repeating: 1, count: ids.count) + [Int](repeating: 0, count: padding))
    }

    /// The piece strings of `text` (added tokens as their content), for display and tests.
    public func tokens(_ text: String) -> [String] {
        parts(of: text).flatMap { part -> [String] in
            switch part {
            case .added(let token): return [token.content]
            case .pieces(let pieces): return pieces
            }
        }
    }

    public func encodeWithoutSpecialTokens(_ text: String) -> [Int] {
        parts(of: text).flatMap { part -> [Int] in
            switch part {
            case .added(let token): return [token.id]
            case .pieces(let pieces): return pieces.flatMap(model.ids(ofPiece:))
            }
        }
    }

    private enum Part {
        case added(AddedToken)
        case pieces([String])
    }

    private func parts(of text: String) -> [Part] {
        var parts: [Part] = []
        let raw = split(text, on: addedTokens.filter { !$0.normalized })
        for (index, segment) in raw.enumerated() {
            switch segment {
            case .token(let token):
                parts.append(.added(token))
            case .text(let text):
                let normalized = normalizer.reduce(text) { $1.apply($0) }
                for inner in split(normalized, on: addedTokens.filter(\.normalized)) {
                    switch inner {
                    case .token(let token): parts.append(.added(token))
                    case .text(let piece):
                        let words = splitter.words(of: piece, isFirstPart: index == 0)
                        parts.append(.pieces(words.flatMap { model.segment($0) }))
                    }
                }
            }
        }
        return parts
    }

    private enum Segment {
        case token(AddedToken)
        case text(String)
    }

    /// Cuts `text` around the leftmost-longest occurrences of `tokens` (on Unicode scalars).
    private func split(_ text: String, on tokens: [AddedToken]) -> [Segment] {
        guard !tokens.isEmpty else { return text.isEmpty ? [] : [.text(text)] }
        let scalars = Array(text.unicodeScalars)
        let patterns = tokens.map { Array($0.content.unicodeScalars) }
        var segments: [Segment] = []
        var textStart = 0
        var position = 0
        func emitText(upTo end: Int) {
            if end > textStart { segments.append(.text(String(String.UnicodeScalarView(scalars[textStart..<end])))) }
        }
        while position < scalars.count {
            var matched: Int?
            for (index, pattern) in patterns.enumerated() where position + pattern.count <= scalars.count {
                if scalars[position..<(position + pattern.count)].elementsEqual(pattern),
                   !tokens[index].singleWord || isWholeWord(scalars, position, position + pattern.count) {
                    matched = index
                    break
                }
            }
            guard let index = matched else { position += 1; continue }
            let token = tokens[index]
            var start = position
            var end = position + patterns[index].count
            if token.leftStrip { while start > textStart, scalars[start - 1].properties.isWhitespace { start -= 1 } }
            if token.rightStrip { while end < scalars.count, scalars[end].properties.isWhitespace { end += 1 } }
            emitText(upTo: start)
            segments.append(.token(token))
            textStart = end
            position = end
        }
        emitText(upTo: scalars.count)
        return segments
    }

    private func isWholeWord(_ scalars: [Unicode.Scalar], _ start: Int, _ end: Int) -> Bool {
        func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
        }
        let before = start == 0 || !isWordCharacter(scalars[start - 1])
        let after = end == scalars.count || !isWordCharacter(scalars[end])
        return before && after
    }
}
