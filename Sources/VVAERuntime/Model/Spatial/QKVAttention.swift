/// One-head attention over time with relative positions, on `qkv` `[N, 3C, T]` (q, k, v = the three channel
/// chunks). With `q' = q·s`, `k' = k·s`, `s = C^-1/4`:
/// `w[i, j] = Σ_c q'[c, i] k'[c, j] + Σ_c q'[c, j] k_rp[j, i, c]` (the second term's index order is upstream's),
/// softmax over `j`, `out[c, i] = Σ_j w[i, j] (v[c, j] + v_rp[i, j, c])`; the loops are
/// `Tensor.relativePositionAttention` (Ops/).
struct QKVAttention: ModuleNode {
    let name: String

    init(_ scope: WeightScope) { name = scope.name }

    /// - Parameters: `qkv` `[N, 3C, T]`; `keyPositions`, `valuePositions` `[T, T, C]`. Returns `[N, C, T]`.
    func callAsFunction(_ qkv: Tensor, keyPositions: Tensor, valuePositions: Tensor, trace: LayerTrace?) throws -> Tensor {
        guard qkv.rank == 3, qkv.shape[1] % 3 == 0, qkv.shape[1] > 0, qkv.shape[2] > 0 else {
            throw ModelError(.invalidInput, key: name, "qkv must be [N, 3C, T], got \(qkv.shape)")
        }
        let (channels, length) = (qkv.shape[1] / 3, qkv.shape[2])
        for positions in [keyPositions, valuePositions] where positions.shape != [length, length, channels] {
            throw ModelError(.invalidInput, key: name,
                             "relative positions must be [\(length), \(length), \(channels)], got \(positions.shape)")
        }
        let y = try Tensor.relativePositionAttention(qkv: qkv, keyPositions: keyPositions, valuePositions: valuePositions)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(inputs.tensor("input0", module: name), keyPositions: inputs.tensor("rp0", module: name),
                 valuePositions: inputs.tensor("rp1", module: name), trace: trace)
    }
}
