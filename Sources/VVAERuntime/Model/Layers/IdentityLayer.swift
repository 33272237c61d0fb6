/// Modules that are the identity at inference (`Dropout`) or a bare activation (`SiLU` inside a `Sequential`):
/// kept so tracing reports the same names as upstream's hooks.
struct IdentityLayer: ModuleNode {
    enum Kind: Sendable { case dropout, silu }

    let name: String
    let kind: Kind

    init(_ scope: WeightScope, _ kind: Kind) {
        name = scope.name
        self.kind = kind
    }

    func callAsFunction(_ x: consuming Tensor, trace: LayerTrace?) throws -> Tensor {
        var y = x
        if kind == .silu { y.applySiLU() }
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), trace: trace)
    }
}
