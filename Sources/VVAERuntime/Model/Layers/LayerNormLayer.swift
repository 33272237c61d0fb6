/// A PyTorch `LayerNorm` module over the last dimension (eps 1e-5, affine).
struct LayerNormLayer: ModuleNode {
    let name: String
    let norm: LayerNorm

    init(_ scope: WeightScope, features: Int) throws {
        name = scope.name
        norm = try LayerNorm(features: features, eps: 1e-5,
                             weight: scope.tensor("weight", shape: [features]),
                             bias: scope.tensor("bias", shape: [features]))
    }

    func callAsFunction(_ x: consuming Tensor, trace: LayerTrace?) throws -> Tensor {
        var y = x
        try norm.apply(to: &y)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}
