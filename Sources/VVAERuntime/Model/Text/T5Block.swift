/// One encoder block (`encoder.block.N`): pre-norm self-attention then pre-norm feed-forward, each added back.
struct T5Block: Sendable {
    let attentionNorm: T5LayerNorm
    let attention: T5Attention
    let feedForwardNorm: T5LayerNorm
    let feedForward: T5FeedForward
    let precision: T5Precision

    init(scope: WeightScope, config: T5EncoderConfig, index: Int, precision: T5Precision) throws {
        let attentionLayer = scope.child("layer").child(0)
        let feedForwardLayer = scope.child("layer").child(1)
        attentionNorm = try T5LayerNorm(scope: attentionLayer.child("layer_norm"), width: config.modelWidth,
                                        eps: config.layerNormEpsilon, precision: precision)
        attention = try T5Attention(scope: attentionLayer.child("SelfAttention"), config: config,
                                    hasRelativeBias: index == 0, precision: precision)
        feedForwardNorm = try T5LayerNorm(scope: feedForwardLayer.child("layer_norm"), width: config.modelWidth,
                                          eps: config.layerNormEpsilon, precision: precision)
        feedForward = try T5FeedForward(scope: feedForwardLayer.child("DenseReluDense"), config: config, precision: precision)
        self.precision = precision
    }

    /// `hidden` `[L, d]` through the block; `observe` sees each sub-layer's output under its module name.
    func callAsFunction(_ hidden: Tensor, bias: [Float], keep: [Bool], name: String,
                        observe: (String, Tensor) -> Void) throws -> Tensor {
        let normed = attentionNorm(hidden)
        observe("\(name).layer.0.layer_norm", normed)
        let attended = try attention(normed, bias: bias, keep: keep)
        observe("\(name).layer.0.SelfAttention", attended)
        var state = hidden
        add(attended, to: &state)
        let normedAgain = feedForwardNorm(state)
        observe("\(name).layer.1.layer_norm", normedAgain)
        let fed = try feedForward(normedAgain)
        observe("\(name).layer.1.DenseReluDense", fed)
        add(fed, to: &state)
        return state
    }

    private func add(_ update: Tensor, to state: inout Tensor) {
        let precision = precision
        update.withUnsafeBufferPointer { source in
            state.withUnsafeMutableBufferPointer { target in
                for i in target.indices { target[i] = precision.round(target[i] + source[i]) }
            }
        }
    }
}
