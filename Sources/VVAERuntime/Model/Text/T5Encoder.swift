import VVAEWeights

/// A Hugging Face `T5EncoderModel` (`last_hidden_state`), built from a vvae text-encoder file: the token
/// embedding `shared`, `encoder.block.0…N-1`, `encoder.final_layer_norm`. Weight names read as in PyTorch.
public struct T5Encoder: Sendable {
    public let config: T5EncoderConfig
    public let precision: T5Precision
    let embedding: [Float]
    let blocks: [T5Block]
    let finalLayerNorm: T5LayerNorm

    /// Reads every tensor the config's architecture needs from `weights`; a missing or mis-shaped one is named.
    public init(weights: any TensorStore, config: T5EncoderConfig, precision: T5Precision = .float32) throws {
        let root = WeightScope(weights: weights)
        var embedding = try root.child("shared").tensor("weight", shape: [config.vocabularySize, config.modelWidth]).scalars
        precision.round(&embedding)
        self.embedding = embedding
        let encoder = root.child("encoder")
        blocks = try (0..<config.layerCount).map {
            try T5Block(scope: encoder.child("block").child($0), config: config, index: $0, precision: precision)
        }
        finalLayerNorm = try T5LayerNorm(scope: encoder.child("final_layer_norm"), width: config.modelWidth,
                                         eps: config.layerNormEpsilon, precision: precision)
        self.config = config
        self.precision = precision
    }

    /// Block 0's relative-position bias for `length` tokens, `[heads, L, L]` (before any padding mask).
    public func positionBias(length: Int) -> [Float] {
        blocks.first?.attention.positionBias(length: length, config: config) ?? []
    }

    /// Token ids `[B][L]` and attention mask `[B][L]` (1 = token, 0 = padding) → `[B, L, d_model]`.
    public func encode(ids: [[Int]], mask: [[Int]]) throws -> Tensor {
        try encode(ids: ids, mask: mask, observe: { _, _ in })
    }

    /// As `encode(ids:mask:)`, showing `observe` every named intermediate of each sequence (`embeddings`,
    /// `block.0.layer.0.layer_norm`, …, `block.N`, `last_hidden_state`), each `[L, d]`.
    public func encode(ids: [[Int]], mask: [[Int]], observe: (String, Tensor) -> Void) throws -> Tensor {
        guard let length = ids.first?.count, length > 0 else {
            throw ModelError(.invalidInput, "the T5 encoder needs at least one sequence of at least one token")
        }
        guard ids.allSatisfy({ $0.count == length }), mask.count == ids.count, mask.allSatisfy({ $0.count == length }) else {
            throw ModelError(.invalidInput, "token ids and attention mask must all be \(ids.count) × \(length)")
        }
        let width = config.modelWidth
        var output: [Float] = []
        output.reserveCapacity(ids.count * length * width)
        let bias = blocks.first?.attention.positionBias(length: length, config: config) ?? []
        for (sequence, tokens) in ids.enumerated() {
            var hidden = [Float](repeating: 0, count: length * width)
            for (position, token) in tokens.enumerated() {
                guard (0..<config.vocabularySize).contains(token) else {
                    throw ModelError(.invalidInput, "token id \(token) is outside the vocabulary of \(config.vocabularySize)")
                }
                hidden.replaceSubrange(position * width..<(position + 1) * width,
                                       with: embedding[token * width..<(token + 1) * width])
            }
            observe("embeddings", try Tensor(shape: [length, width], scalars: hidden))
            var stream = T5Residual(hidden, length: length, width: width, precision: precision)
            let keep = mask[sequence].map { $0 != 0 }
            for (index, block) in blocks.enumerated() {
                try block(&stream, bias: bias, keep: keep, name: "block.\(index)", observe: observe)
                observe("block.\(index)", try stream.tensor())
            }
            let final = try finalLayerNorm(stream)
            observe("last_hidden_state", final)
            output += final.scalars
        }
        return try Tensor(shape: [ids.count, length, width], scalars: output)
    }
}
