/// A PyTorch `GroupNorm` module (32 groups, affine) with its own eps: 1e-6 for upstream's `Normalize`, 1e-5 for the
/// temporal attention's `GroupNormSpecific`.
struct GroupNormLayer: ModuleNode {
    static let groups = 32

    let name: String
    let norm: GroupNorm

    init(_ scope: WeightScope, channels: Int, eps: Double) throws {
        name = scope.name
        guard channels % Self.groups == 0 else {
            throw ModelError(.unsupportedConfig, key: scope.name,
                             "GroupNorm needs a multiple of \(Self.groups) channels, the config gives \(channels)")
        }
        norm = try GroupNorm(groups: Self.groups, channels: channels, eps: eps,
                             weight: scope.tensor("weight", shape: [channels]),
                             bias: scope.tensor("bias", shape: [channels]))
    }

    /// Normalises `x`, then applies SiLU when `silu` (fused into one pass unless an observer records outputs: then
    /// the normalised tensor itself must be reported first).
    func callAsFunction(_ x: consuming Tensor, silu: Bool = false, trace: LayerTrace?) throws -> Tensor {
        var y = x
        if trace.observesOutputs {
            try norm.apply(to: &y)
            try trace.record(name, y)
            if silu { y.applySiLU() }
        } else {
            try norm.apply(to: &y, fusingSiLU: silu)
        }
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}
