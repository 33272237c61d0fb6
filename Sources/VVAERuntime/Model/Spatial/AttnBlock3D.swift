import Foundation

/// Mid-block spatial self-attention: per frame over its H·W positions, one head, scale `C^-0.5`, 1×1×1 q/k/v/out
/// projections, residual add.
struct AttnBlock3D: ModuleNode {
    let name: String
    let channels: Int
    let norm: GroupNormLayer
    let q: Conv3dLayer
    let k: Conv3dLayer
    let v: Conv3dLayer
    let projOut: Conv3dLayer

    init(_ scope: WeightScope, channels: Int) throws {
        name = scope.name
        self.channels = channels
        norm = try GroupNormLayer(scope.child("norm"), channels: channels, eps: 1e-6)
        q = try Conv3dLayer(scope.child("q"), in: channels, out: channels, kernel: .one)
        k = try Conv3dLayer(scope.child("k"), in: channels, out: channels, kernel: .one)
        v = try Conv3dLayer(scope.child("v"), in: channels, out: channels, kernel: .one)
        projOut = try Conv3dLayer(scope.child("proj_out"), in: channels, out: channels, kernel: .one)
    }

    var children: [any ModuleNode] { [norm, q, k, v, projOut] }

    func callAsFunction(_ x: consuming Tensor, trace: LayerTrace?) throws -> Tensor {
        guard x.rank == 5 else {
            throw ModelError(.invalidInput, key: name, "input must be [B, C, T, H, W], got \(x.shape)")
        }
        let (batch, height, width) = (x.shape[0], x.shape[3], x.shape[4])
        let normalised = try norm(copy x, trace: trace)
        let queries = try q(normalised, trace: trace).framesToTokens()
        let keys = try k(normalised, trace: trace).framesToTokens()
        let values = try v(normalised, trace: trace).framesToTokens()
        let attended = try ScaledDotProductAttention.apply(
            query: queries, key: keys, value: values, scale: Float(pow(Double(channels), -0.5)))
        let h = try projOut(try attended.tokensToFrames(batch: batch, height: height, width: width), trace: trace)
        let y = try x.adding(h)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}

extension AttnBlock3D {
    /// The work of `self(x)` for `x` of `shape` (the shape is kept): four 1×1×1 projections and, per frame, the
    /// `(H·W)²` logits of the attention.
    func work(_ shape: [Int]) throws -> Double {
        let projections = try [q, k, v, projOut].reduce(0) { $0 + (try $1.conv.work(shape).work) }
        let (frames, positions) = (Double(shape[0] * shape[2]), Double(shape[3] * shape[4]))
        let logits = frames * positions * positions
        let attention = logits * (2 * Double(channels) + WorkPlan.softmaxPerLogit)
        return WorkPlan.normalisation(shape) + projections + attention + 3 * WorkPlan.move(shape)
    }
}
