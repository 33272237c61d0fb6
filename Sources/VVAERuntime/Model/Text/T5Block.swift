/// One encoder block (`encoder.block.N`): pre-norm self-attention then pre-norm feed-forward, each added back.
struct T5Block: Sendable {
    let attentionNorm: T5LayerNorm
    let attention: T5Attention
    let feedForwardNorm: T5LayerNorm
    let feedForward: T5FeedForward

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
    }

    /// The residual stream through the block; `observe` sees each sub-layer's output under its module name.
    func callAsFunction(_ stream: inout T5Residual, bias: [Float], keep: [Bool], name: String,
                        observe: (String, Tensor) -> Void) throws {
        let normed = try attentionNorm(stream)
        observe("\(name).layer.0.layer_norm", normed)
        let attended = try attention(normed, bias: bias, keep: keep)
        observe("\(name).layer.0.SelfAttention", attended)
        stream.add(attended)
        let normedAgain = try feedForwardNorm(stream)
        observe("\(name).layer.1.layer_norm", normedAgain)
        let fed = try feedForward(normedAgain)
        observe("\(name).layer.1.DenseReluDense", fed)
        stream.add(fed)
    }
}
