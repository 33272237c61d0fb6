/// A PyTorch `Conv1d` module with kernel 1 (the temporal attention's `qkv` and `proj_out`).
struct Conv1dLayer: ModuleNode {
    let name: String
    let conv: Conv1d

    init(_ scope: WeightScope, in inChannels: Int, out outChannels: Int) throws {
        name = scope.name
        conv = try Conv1d(weight: scope.tensor("weight", shape: [outChannels, inChannels, 1]),
                          bias: scope.tensor("bias", shape: [outChannels]))
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
