/// T5's layer norm: scale by the root mean square (no mean subtracted, no bias), statistics in Double.
struct T5LayerNorm: Sendable {
    let weight: [Float]
    let eps: Double
    let precision: T5Precision

    init(scope: WeightScope, width: Int, eps: Double, precision: T5Precision) throws {
        var weight = try scope.tensor("weight", shape: [width]).scalars
        precision.round(&weight)
        self.weight = weight
        self.eps = eps
        self.precision = precision
    }

    /// The residual stream `[rows, width]` → normalised `[rows, width]`. Reading the stream in Double (T5Residual)
    /// keeps its sums unrounded until here; in bfloat16 mode every stream value is a bfloat16, so nothing changes.
    func callAsFunction(_ stream: T5Residual) throws -> Tensor {
        let width = weight.count
        let rows = stream.values.count / width
        var output = [Float](repeating: 0, count: stream.values.count)
        let input = stream.values
        do {
            for row in 0..<rows {
                let base = row * width
                var squares = 0.0
                for i in 0..<width { squares += input[base + i] * input[base + i] }
                switch precision {
                case .float32:
                    let inverse = 1 / (squares / Double(width) + eps).squareRoot()
                    for i in 0..<width { output[base + i] = Float(input[base + i] * inverse * Double(weight[i])) }
                case .bfloat16:
                    // PyTorch: variance in float32, x · rsqrt(var + eps) in float32, then to bfloat16, then × weight.
                    let inverse = 1 / (Float(squares / Double(width)) + Float(eps)).squareRoot()
                    for i in 0..<width {
                        let normalised = T5Precision.toBFloat16(Float(input[base + i]) * inverse)
                        output[base + i] = T5Precision.toBFloat16(normalised * weight[i])
                    }
                }
            }
        }
        return try Tensor(shape: [rows, width], scalars: output)
    }
}
