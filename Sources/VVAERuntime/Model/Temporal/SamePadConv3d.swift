/// A conv preceded by replicate padding of `kernel − stride` per axis (the larger half before): for kernel 3,
/// one on each side at stride 1, one before and none after at stride 2. The pad is folded into the conv; `conv`
/// alone (as PyTorch's) takes the padded tensor.
struct SamePadConv3d: ModuleNode {
    let name: String
    let conv: Conv3dLayer
    private let paddedConv: Conv3d

    init(_ scope: WeightScope, in inChannels: Int, out outChannels: Int, kernel: Int = 3, stride: Size3 = .one) throws {
        name = scope.name
        conv = try Conv3dLayer(scope.child("conv"), in: inChannels, out: outChannels, kernel: Size3(all: kernel),
                               stride: stride)
        func split(_ stride: Int) -> (Int, Int) {
            let total = max(kernel - stride, 0)
            return (total / 2 + total % 2, total / 2)
        }
        let (t, h, w) = (split(stride.t), split(stride.h), split(stride.w))
        paddedConv = try conv.withPadding(
            Padding3d(tBefore: t.0, tAfter: t.1, hBefore: h.0, hAfter: h.1, wBefore: w.0, wAfter: w.1), mode: .replicate)
    }

    var children: [any ModuleNode] { [conv] }

    func callAsFunction(_ x: Tensor, trace: LayerTrace?) throws -> Tensor {
        let y = try paddedConv(x)
        try trace.record(conv.name, y)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}

extension SamePadConv3d {
    /// The output shape and work of `self(x)` for `x` of `shape`.
    func work(_ shape: [Int]) throws -> (shape: [Int], work: Double) { try paddedConv.work(shape) }
}
