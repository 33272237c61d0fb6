/// Halves height and width: zero pad one row at the bottom and one column at the right, then a 1×3×3 conv with
/// stride (1, 2, 2). The pad is folded into the conv; `conv` alone (as PyTorch's) takes the padded tensor.
struct Downsample2plus1D: ModuleNode {
    static let padding = Padding3d(torchOrder: (0, 1, 0, 1, 0, 0))

    let name: String
    let conv: Conv3dLayer
    private let paddedConv: Conv3d

    init(_ scope: WeightScope, channels: Int) throws {
        name = scope.name
        conv = try Conv3dLayer(scope.child("conv"), in: channels, out: channels, kernel: Size3(1, 3, 3),
                               stride: Size3(1, 2, 2))
        paddedConv = try conv.withPadding(Self.padding, mode: .zeros)
    }

    var children: [any ModuleNode] { [conv] }

    func callAsFunction(_ x: Tensor, trace: LayerTrace?) throws -> Tensor {
        let y = try paddedConv(x)
        try trace.record(conv.name, y)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        // mask_temporal (input1) changes nothing here: upstream never downsamples time in this layer.
        _ = try inputs.flag("input1", default: false, module: name)
        return try self(inputs.tensor("input0", module: name), trace: trace)
    }
}

extension Downsample2plus1D {
    /// The output shape and work of `self(x)` for `x` of `shape`.
    func work(_ shape: [Int]) throws -> (shape: [Int], work: Double) { try paddedConv.work(shape) }
}
