/// Text cross-attention (upstream `CrossAttention` in the 2+1D coder, `SpatialCrossAttention` with patch 1 in the
/// temporal coder): each frame cut into `p×p` patches (token vector ordered `(ph, pw, c)`), LayerNorm, queries from
/// the patches, keys and values from the text tokens shared by every frame, 8 heads × 64, scale `64^-0.5`, tokens
/// with mask ≤ 0.5 excluded, `to_out` Linear, un-patched. Returns the update; the caller adds the residual.
struct CrossAttention: ModuleNode {
    static let heads = 8
    static let headDimension = 64
    static let contextDimension = 1024

    let name: String
    let channels: Int
    let patchSize: Int
    let norm: LayerNormLayer
    let toQ: LinearLayer
    let toK: LinearLayer
    let toV: LinearLayer
    let toOut: ToOut

    /// `to_out = Sequential(Linear, Dropout)`: traced as a module of its own, with both children.
    struct ToOut: ModuleNode {
        let name: String
        let linear: LinearLayer
        let dropout: IdentityLayer

        init(_ scope: WeightScope, in inFeatures: Int, out outFeatures: Int) throws {
            name = scope.name
            linear = try LinearLayer(scope.child(0), in: inFeatures, out: outFeatures, bias: true)
            dropout = IdentityLayer(scope.child(1), .dropout)
        }

        var children: [any ModuleNode] { [linear, dropout] }

        func callAsFunction(_ x: Tensor, trace: LayerTrace?) throws -> Tensor {
            let y = try dropout(try linear(x, trace: trace), trace: trace)
            try trace.record(name, y)
            return y
        }

        func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
            try self(inputs.tensor("input0", module: name), trace: trace)
        }
    }

    init(_ scope: WeightScope, channels: Int, patchSize: Int) throws {
        guard patchSize >= 1 else {
            throw ModelError(.unsupportedConfig, key: scope.name, "cross-attention patch size must be at least 1, got \(patchSize)")
        }
        name = scope.name
        self.channels = channels
        self.patchSize = patchSize
        let patchDimension = channels * patchSize * patchSize
        let inner = Self.heads * Self.headDimension
        norm = try LayerNormLayer(scope.child("norm"), features: patchDimension)
        toQ = try LinearLayer(scope.child("to_q"), in: patchDimension, out: inner, bias: false)
        toK = try LinearLayer(scope.child("to_k"), in: Self.contextDimension, out: inner, bias: false)
        toV = try LinearLayer(scope.child("to_v"), in: Self.contextDimension, out: inner, bias: false)
        toOut = try ToOut(scope.child("to_out"), in: inner, out: patchDimension)
    }

    var children: [any ModuleNode] { [norm, toQ, toK, toV, toOut] }

    func callAsFunction(_ x: Tensor, text: TextCondition, trace: LayerTrace?) throws -> Tensor {
        guard x.rank == 5, x.shape[1] == channels, x.shape[3] % patchSize == 0, x.shape[4] % patchSize == 0 else {
            throw ModelError(.invalidInput, key: name,
                             "input must be [B, \(channels), T, H, W] with H, W multiples of \(patchSize), got \(x.shape)")
        }
        let (batch, frames, height, width) = (x.shape[0], x.shape[2], x.shape[3], x.shape[4])
        guard text.batch == batch, text.embeddings.shape[2] == Self.contextDimension else {
            throw ModelError(.invalidInput, key: name,
                             "text embeddings must be [\(batch), L, \(Self.contextDimension)], got \(text.embeddings.shape)")
        }
        let patches = try norm(try x.framesToPatches(patchSize: patchSize), trace: trace)
        let queries = try splitHeads(try toQ(patches, trace: trace))
        // Keys and values depend only on the text: project once per clip, then share them across its frames
        // (upstream repeats the text first; each row is projected independently, so the values are the same,
        // and the repeated tensor is what gets reported, as upstream's hooks saw it).
        let keys = try splitHeads(try projectText(toK, text.embeddings, frames: frames, trace: trace))
        let values = try splitHeads(try projectText(toV, text.embeddings, frames: frames, trace: trace))
        let attended = try ScaledDotProductAttention.apply(
            query: queries, key: keys, value: values,
            scale: Float(1 / Double(Self.headDimension).squareRoot()), keyMask: text.mask)
        let merged = try mergeHeads(attended)
        let y = try toOut(merged, trace: trace)
            .patchesToFrames(batch: batch, height: height, width: width, patchSize: patchSize)
        try trace.record(name, y)
        return y
    }

    /// `[B, L, 1024]` → `[B·T, L, heads·d]`.
    private func projectText(_ layer: LinearLayer, _ embeddings: Tensor, frames: Int, trace: LayerTrace?) throws -> Tensor {
        let projected = try layer.linear(embeddings).repeatingEachBatchEntry(frames)
        try trace.record(layer.name, projected)
        return projected
    }

    /// `[N, L, heads·d]` → `[N·heads, L, d]` (einops `"b n (h d) -> (b h) n d"`).
    private func splitHeads(_ x: Tensor) throws -> Tensor {
        let (n, length) = (x.shape[0], x.shape[1])
        return try x.reshaped([n, length, Self.heads, Self.headDimension]).permuted([0, 2, 1, 3])
            .reshapedConsuming([n * Self.heads, length, Self.headDimension])
    }

    /// `[N·heads, L, d]` → `[N, L, heads·d]`.
    private func mergeHeads(_ x: Tensor) throws -> Tensor {
        let (n, length) = (x.shape[0] / Self.heads, x.shape[1])
        return try x.reshaped([n, Self.heads, length, Self.headDimension]).permuted([0, 2, 1, 3])
            .reshapedConsuming([n, length, Self.heads * Self.headDimension])
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        guard let text = try inputs.text(embeddings: "context", mask: "mask", module: name) else {
            throw ModelError(.missingText, key: name, "needs text embeddings ('context'); upstream's self-attention fallback is never used")
        }
        return try self(inputs.tensor("input0", module: name), text: text, trace: trace)
    }
}

extension CrossAttention {
    /// The work of `self(x, text:)` for `x` of `shape` (the shape is kept), the residual add included: queries
    /// from every patch, keys and values from the text once per clip, the attention over its `L` tokens.
    func work(_ shape: [Int], text: TextCondition) -> Double {
        let patches = Double(shape[0] * shape[2] * (shape[3] / patchSize) * (shape[4] / patchSize))
        let (patchWidth, inner) = (Double(channels * patchSize * patchSize), Double(Self.heads * Self.headDimension))
        let tokens = Double(text.embeddings.shape[1])
        let textProjections = 2 * Double(text.batch) * tokens * Double(Self.contextDimension) * inner
        let logits = patches * Double(Self.heads) * tokens
        let attention = logits * (2 * Double(Self.headDimension) + WorkPlan.softmaxPerLogit)
        return WorkPlan.normalisation(shape) + 2 * patches * patchWidth * inner + textProjections + attention
            + 3 * WorkPlan.move(shape)
    }
}
