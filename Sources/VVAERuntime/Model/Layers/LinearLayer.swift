/// A PyTorch `Linear` module.
struct LinearLayer: ModuleNode {
    let name: String
    let linear: Linear

    init(_ scope: WeightScope, in inFeatures: Int, out outFeatures: Int, bias: Bool) throws {
        name = scope.name
        linear = try Linear(weight: scope.tensor("weight", shape: [outFeatures, inFeatures]),
                            bias: bias ? scope.tensor("bias", shape: [outFeatures]) : nil)
    }

    func callAsFunction(_ x: Tensor, trace: LayerTrace?) throws -> Tensor {
        let y = try linear(x)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}
