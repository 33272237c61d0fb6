/// The temporal coder's ResNet block: `x + conv2(silu(norm2(conv1(silu(norm1(x))))))` with replicate-padded
/// 3×3×3 convs (input and output widths are equal in every upstream use).
struct ResBlock: ModuleNode {
    let name: String
    let norm1: GroupNormLayer
    let conv1: SamePadConv3d
    let norm2: GroupNormLayer
    let conv2: SamePadConv3d

    init(_ scope: WeightScope, channels: Int) throws {
        name = scope.name
        norm1 = try GroupNormLayer(scope.child("norm1"), channels: channels, eps: 1e-6)
        conv1 = try SamePadConv3d(scope.child("conv1"), in: channels, out: channels)
        norm2 = try GroupNormLayer(scope.child("norm2"), channels: channels, eps: 1e-6)
        conv2 = try SamePadConv3d(scope.child("conv2"), in: channels, out: channels)
    }

    var children: [any ModuleNode] { [norm1, conv1, norm2, conv2] }

    func callAsFunction(_ x: consuming Tensor, trace: LayerTrace?) throws -> Tensor {
        var h = try conv1(try norm1(copy x, silu: true, trace: trace), trace: trace)
        h = try conv2(try norm2(h, silu: true, trace: trace), trace: trace)
        let y = try x.adding(h)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}

extension ResBlock {
    /// The work of `self(x)` for `x` of `shape` (the shape is kept).
    func work(_ shape: [Int]) throws -> Double {
        let (hidden, first) = try conv1.work(shape)
        return try 2 * WorkPlan.normalisation(shape) + first + conv2.work(hidden).work + WorkPlan.move(shape)
    }
}
