/// A PyTorch `Conv3d` module: the op plus its name, for tracing and lookup.
struct Conv3dLayer: ModuleNode {
    let name: String
    let conv: Conv3d

    /// Reads `<scope>.weight` `[out, in, kT, kH, kW]` and `<scope>.bias` `[out]`.
    init(_ scope: WeightScope, in inChannels: Int, out outChannels: Int, kernel: Size3,
         stride: Size3 = .one, padding: Padding3d = .zero, mode: PaddingMode = .zeros) throws {
        name = scope.name
        conv = try Conv3d(
            weight: scope.tensor("weight", shape: [outChannels, inChannels, kernel.t, kernel.h, kernel.w]),
            bias: scope.tensor("bias", shape: [outChannels]),
            stride: stride, padding: padding, paddingMode: mode)
    }

    var outChannels: Int { conv.outChannels }

    /// The same weights with the padding that upstream applies with `F.pad` before this conv folded in.
    func withPadding(_ padding: Padding3d, mode: PaddingMode) throws -> Conv3d {
        try conv.withPadding(padding, mode: mode)
    }

    func callAsFunction(_ x: Tensor, trace: LayerTrace?) throws -> Tensor {
        let y = try conv(x)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}
