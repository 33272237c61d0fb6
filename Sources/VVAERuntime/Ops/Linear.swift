/// PyTorch `Linear`: `y = x · Wᵀ + b` over the last dimension, one `sgemm` for all leading dimensions.
public struct Linear: Sendable {
    /// `[out, in]`.
    public let weight: Tensor
    /// `[out]`, or nil.
    public let bias: Tensor?

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    public init(weight: Tensor, bias: Tensor?) throws {
        guard weight.rank == 2, weight.shape[0] > 0, weight.shape[1] > 0 else {
            throw TensorError(operation: "Linear", message: "weight must be [out, in], got \(weight.shape)")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw TensorError(operation: "Linear",
                              message: "bias shape \(bias.shape) does not match \(weight.shape[0]) outputs")
        }
        self.weight = weight
        self.bias = bias
    }

    /// `[…, in]` → `[…, out]`.
    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.rank >= 1, input.shape[input.rank - 1] == inFeatures else {
            throw TensorError(operation: "Linear",
                              message: "last dimension must be \(inFeatures), got shape \(input.shape)")
        }
        let rows = input.count / inFeatures
        let n = outFeatures
        let k = inFeatures
        let outShape = Array(input.shape.dropLast()) + [n]
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress else { return }
            if let bias {
                bias.withUnsafeBufferPointer { bias in
                    guard let b = bias.baseAddress else { return }
                    for r in 0..<rows { (out + r * n).initialize(from: b, count: n) }
                }
            } else {
                out.initialize(repeating: 0, count: rows * n)
            }
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    guard let x = x.baseAddress, let w = w.baseAddress else { return }
                    BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: n, k: k, alpha: 1,
                               a: x, lda: k, b: w, ldb: k, beta: 1, c: out, ldc: n)
                }
            }
        }
    }
}
