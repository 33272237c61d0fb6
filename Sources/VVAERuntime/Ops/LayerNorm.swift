/// PyTorch `LayerNorm` over the last dimension, statistics in Double (two passes), optional affine.
public struct LayerNorm: Sendable {
    public let features: Int
    public let eps: Double
    /// `[features]`, or nil without elementwise affine.
    public let weight: Tensor?
    public let bias: Tensor?

    public init(features: Int, eps: Double = 1e-5, weight: Tensor?, bias: Tensor?) throws {
        guard features > 0 else {
            throw TensorError(operation: "LayerNorm", message: "features must be positive, got \(features)")
        }
        for (name, parameter) in [("weight", weight), ("bias", bias)] {
            if let parameter, parameter.shape != [features] {
                throw TensorError(operation: "LayerNorm",
                                  message: "\(name) shape \(parameter.shape) does not match \(features) features")
            }
        }
        self.features = features
        self.eps = eps
        self.weight = weight
        self.bias = bias
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        var output = input
        try apply(to: &output)
        return output
    }

    /// Normalises every row of the last dimension in place.
    public func apply(to tensor: inout Tensor) throws {
        guard tensor.rank >= 1, tensor.shape[tensor.rank - 1] == features else {
            throw TensorError(operation: "LayerNorm",
                              message: "last dimension must be \(features), got shape \(tensor.shape)")
        }
        let n = features
        let rows = tensor.count / n
        let gamma = weight?.scalars
        let beta = bias?.scalars
        let eps = eps
        tensor.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: rows, workPerItem: 3 * n) { range in
                for r in range {
                    let row = base + r * n
                    let (mean, invStd) = NormStatistics.meanAndInverseStd(row, count: n, eps: eps)
                    for i in 0..<n {
                        let normalised = (Double(row[i]) - mean) * invStd
                        row[i] = Float(normalised * Double(gamma?[i] ?? 1) + Double(beta?[i] ?? 0))
                    }
                }
            }
        }
    }
}
