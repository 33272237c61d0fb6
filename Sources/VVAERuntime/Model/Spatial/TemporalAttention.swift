/// Mid-block attention over time, per pixel: GroupNorm (eps 1e-5, a different class upstream), a 1×1 `qkv`
/// Conv1d, `QKVAttention` with relative positions (at most 64 frames apart are told apart), `proj_out`, residual.
struct TemporalAttention: ModuleNode {
    static let maxRelativeDistance = 64

    let name: String
    let channels: Int
    let norm: GroupNormLayer
    let qkv: Conv1dLayer
    let attention: QKVAttention
    let relativePositionK: RelativePosition
    let relativePositionV: RelativePosition
    let projOut: Conv1dLayer

    init(_ scope: WeightScope, channels: Int) throws {
        name = scope.name
        self.channels = channels
        norm = try GroupNormLayer(scope.child("norm"), channels: channels, eps: 1e-5)
        qkv = try Conv1dLayer(scope.child("qkv"), in: channels, out: 3 * channels)
        attention = QKVAttention(scope.child("attention"))
        relativePositionK = try RelativePosition(scope.child("relative_position_k"), units: channels,
                                                 maxDistance: Self.maxRelativeDistance)
        relativePositionV = try RelativePosition(scope.child("relative_position_v"), units: channels,
                                                 maxDistance: Self.maxRelativeDistance)
        projOut = try Conv1dLayer(scope.child("proj_out"), in: channels, out: channels)
    }

    var children: [any ModuleNode] { [norm, qkv, attention, relativePositionK, relativePositionV, projOut] }

    func callAsFunction(_ x: consuming Tensor, trace: LayerTrace?) throws -> Tensor {
        guard x.rank == 5 else {
            throw ModelError(.invalidInput, key: name, "input must be [B, C, T, H, W], got \(x.shape)")
        }
        let (batch, frames, height, width) = (x.shape[0], x.shape[2], x.shape[3], x.shape[4])
        let projected = try qkv(try norm(try x.pixelsToSequences(), trace: trace), trace: trace)
        let keyPositions = try relativePositionK(lengthQ: frames, lengthK: frames, trace: trace)
        let valuePositions = try relativePositionV(lengthQ: frames, lengthK: frames, trace: trace)
        let attended = try attention(projected, keyPositions: keyPositions, valuePositions: valuePositions, trace: trace)
        let h = try projOut(attended, trace: trace).sequencesToPixels(batch: batch, height: height, width: width)
        let y = try x.adding(h)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}

extension TemporalAttention {
    /// The work of `self(x)` for `x` of `shape` (the shape is kept): per pixel, the projections and the attention
    /// over its `T` frames with relative positions.
    func work(_ shape: [Int]) throws -> Double {
        let (sequences, frames) = (Double(shape[0] * shape[3] * shape[4]), Double(shape[2]))
        let c = Double(channels)
        let projections = sequences * frames * (3 * c * c + c * c)
        let logits = sequences * frames * frames
        let attention = logits * (4 * c * WorkPlan.relativePositionShare + WorkPlan.softmaxPerLogit)
        return WorkPlan.normalisation(shape) + projections + attention + 3 * WorkPlan.move(shape)
    }
}
