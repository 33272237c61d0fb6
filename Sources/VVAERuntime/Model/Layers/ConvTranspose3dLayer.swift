/// A PyTorch `ConvTranspose3d` module (the temporal decoder's upsamplers).
struct ConvTranspose3dLayer: ModuleNode {
    let name: String
    let conv: ConvTranspose3d

    /// Reads `<scope>.weight` `[in, out, kT, kH, kW]` and `<scope>.bias` `[out]`.
    init(_ scope: WeightScope, in inChannels: Int, out outChannels: Int, kernel: Size3,
         stride: Size3, padding: Size3, outputPadding: Size3) throws {
        name = scope.name
        conv = try ConvTranspose3d(
            weight: scope.tensor("weight", shape: [inChannels, outChannels, kernel.t, kernel.h, kernel.w]),
            bias: scope.tensor("bias", shape: [outChannels]),
            stride: stride, padding: padding, outputPadding: outputPadding)
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
