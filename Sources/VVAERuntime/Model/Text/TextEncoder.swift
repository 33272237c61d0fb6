import TextTokenizer
import VVAEWeights

/// Captions → the conditioning a text-guided VAE takes, as upstream makes it: each caption tokenized to exactly
/// `maxLength` ids (`</s>` appended, truncated, padded), run through the T5 encoder; the attention mask says
/// which positions are tokens. Captions are used as given: clean them first (`CaptionCleaner.prepare`) to match
/// upstream.
public struct TextEncoder: Sendable {
    public let tokenizer: SentencePieceTokenizer
    public let encoder: T5Encoder
    /// The text-encoder file.
    public let path: String
    /// SHA-256 identifying the converted weights (recorded in latent files).
    public let identity: String?
    /// Longest token sequence encoded: the position bias is `heads × L × L` floats (256 MiB for 16 heads at this
    /// length; flan-t5 was trained on 512 tokens, upstream uses 100–180).
    public static let maxTokens = 2048

    public init(path: String, precision: T5Precision = .float32) throws {
        let file = try TextEncoderFile(path: path)
        let config = try T5EncoderConfig(configJSON: Array(file.configJSON.utf8), source: path)
        tokenizer = try T5TokenizerLoader.tokenizer(fileName: file.tokenizerSource, bytes: file.tokenizerBytes,
                                                    tokenizerConfigJSON: file.tokenizerConfigJSON.map { Array($0.utf8) },
                                                    source: "\(path) (\(file.tokenizerSource))")
        guard tokenizer.vocabularySize <= config.vocabularySize else {
            throw ModelError(.unsupportedConfig, file: path,
                             "its tokenizer's ids reach \(tokenizer.vocabularySize - 1), beyond the encoder's vocab_size \(config.vocabularySize)")
        }
        encoder = try T5Encoder(weights: file, config: config, precision: precision)
        self.path = path
        identity = file.sourceSHA256
    }

    /// Ids and mask of each caption, `maxLength` entries each.
    public func tokenize(_ captions: [String], maxLength: Int) throws -> (ids: [[Int]], mask: [[Int]]) {
        guard maxLength >= 1, maxLength <= Self.maxTokens else {
            throw ModelError(.invalidInput, "the token length must be in 1...\(Self.maxTokens), got \(maxLength)")
        }
        var ids: [[Int]] = [], mask: [[Int]] = []
        for caption in captions {
            let encoded = try tokenizer.encode(caption, maxLength: maxLength)
            ids.append(encoded.ids)
            mask.append(encoded.mask)
        }
        return (ids, mask)
    }

    /// `[B, maxLength, d_model]` embeddings and `[B, maxLength]` mask (1 for tokens, 0 for padding).
    public func condition(for captions: [String], maxLength: Int) throws -> TextCondition {
        guard !captions.isEmpty else { throw ModelError(.invalidInput, "no captions to encode") }
        let (ids, mask) = try tokenize(captions, maxLength: maxLength)
        let embeddings = try encoder.encode(ids: ids, mask: mask)
        let maskTensor = try Tensor(shape: [captions.count, maxLength], scalars: mask.flatMap { $0.map(Float.init) })
        return try TextCondition(embeddings: embeddings, mask: maskTensor)
    }
}
