/// Learned relative-position embeddings of the temporal attention: row `clamp(s - t, -max, max) + max` of a
/// `[2·max + 1, C]` table for query frame `t` and key frame `s`.
struct RelativePosition: ModuleNode {
    let name: String
    let maxDistance: Int
    let units: Int
    let table: Tensor

    init(_ scope: WeightScope, units: Int, maxDistance: Int) throws {
        name = scope.name
        self.maxDistance = maxDistance
        self.units = units
        table = try scope.tensor("embeddings_table", shape: [2 * maxDistance + 1, units])
    }

    /// `[lengthQ, lengthK, C]`.
    func callAsFunction(lengthQ: Int, lengthK: Int, trace: LayerTrace?) throws -> Tensor {
        guard lengthQ > 0, lengthK > 0 else {
            throw ModelError(.invalidInput, key: name, "lengths must be positive, got \(lengthQ) and \(lengthK)")
        }
        var scalars = [Float]()
        scalars.reserveCapacity(lengthQ * lengthK * units)
        for t in 0..<lengthQ {
            for s in 0..<lengthK {
                let row = min(max(s - t, -maxDistance), maxDistance) + maxDistance
                scalars.append(contentsOf: table.scalars[(row * units)..<((row + 1) * units)])
            }
        }
        let y = try Tensor(shape: [lengthQ, lengthK, units], scalars: scalars)
        try trace.record(name, y)
        return y
    }

    func run(_ inputs: ModuleInputs, trace: LayerTrace?) throws -> Tensor {
        try self(lengthQ: inputs.integer("input0", module: name), lengthK: inputs.integer("input1", module: name),
                 trace: trace)
    }
}
