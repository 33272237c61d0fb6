/// `conv(silu(norm(x)))` with a full 3×3×3 kernel (zero padding 1): the temporal half of a 2+1D ResNet block.
/// The caller adds the residual.
struct TemporalConvLayer: ModuleNode {
    let name: String
    let norm: GroupNormLayer
    let conv: Conv3dLayer

    init(_ scope: WeightScope, channels: Int) throws {
        name = scope.name
        norm = try GroupNormLayer(scope.child("norm"), channels: channels, eps: 1e-6)
        conv = try Conv3dLayer(scope.child("conv"), in: channels, out: channels, kernel: Size3(all: 3),
                               padding: Padding3d(symmetric: Size3(all: 1)))
    }

    var children: [any ModuleNode] { [norm, conv] }

    func callAsFunction(_ x: Tensor, trace: LayerTrace?) throws -> Tensor {
        let y = try conv(try norm(x, silu: true, trace: trace), trace: trace)
        try trace.record(name, y)
        return y
    }

    /// `self(x) + x`, reusing `x`'s storage for the sum.
    func residual(_ x: consuming Tensor, trace: LayerTrace?) throws -> Tensor {
        let h = try self(x, trace: trace)
        return try h.adding(x)
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}

extension TemporalConvLayer {
    /// The work of `residual(x)` for `x` of `shape` (the shape is kept).
    func work(_ shape: [Int]) throws -> Double {
        try WorkPlan.normalisation(shape) + conv.conv.work(shape).work + WorkPlan.move(shape)
    }
}
