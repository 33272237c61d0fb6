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

    /// `[rows, width]` → normalised copy.
    func callAsFunction(_ input: Tensor) -> Tensor {
        let width = weight.count
        var output = input
        output.withUnsafeMutableBufferPointer { buffer in
            let rows = buffer.count / width
            for row in 0..<rows {
                let base = row * width
                var squares = 0.0
                for i in 0..<width { squares += Double(buffer[base + i]) * Double(buffer[base + i]) }
                switch precision {
                case .float32:
                    let inverse = 1 / (squares / Double(width) + eps).squareRoot()
                    for i in 0..<width { buffer[base + i] = Float(Double(buffer[base + i]) * inverse * Double(weight[i])) }
                case .bfloat16:
                    // PyTorch: variance in float32, x · rsqrt(var + eps) in float32, then to bfloat16, then × weight.
                    let inverse = 1 / (Float(squares / Double(width)) + Float(eps)).squareRoot()
                    for i in 0..<width {
                        let normalised = T5Precision.toBFloat16(buffer[base + i] * inverse)
                        buffer[base + i] = T5Precision.toBFloat16(normalised * weight[i])
                    }
                }
            }
        }
        return output
    }
}
