/// A bias-free linear layer of the T5 encoder (`x · Wᵀ`), e.g. `SelfAttention.q` or `DenseReluDense.wo`. The
/// weight is used as read (not stacked with its siblings): a copy of flan-t5-large's weights would cost as much
/// time in page faults as the whole encoding.
struct T5Projection: Sendable {
    let linear: Linear
    let precision: T5Precision

    /// Reads `<scope>.<name>.weight`, `[rows, columns]`.
    init(scope: WeightScope, name: String, rows: Int, columns: Int, precision: T5Precision) throws {
        var weight = try scope.child(name).tensor("weight", shape: [rows, columns])
        precision.round(&weight)
        linear = try Linear(weight: weight, bias: nil)
        self.precision = precision
    }

    func callAsFunction(_ input: Tensor) throws -> Tensor {
        guard input.rank >= 1, input.shape[input.rank - 1] == linear.inFeatures else {
            throw TensorError(operation: "T5Projection", message: "last dimension must be \(linear.inFeatures), got \(input.shape)")
        }
        // bfloat16 reproduces PyTorch's one float32 accumulation; float32 sums the depth in blocks (Double).
        var output = precision == .bfloat16 ? try linear(input) : DepthBlockedProduct.product(input, linear.weight)
        precision.round(&output)
        return output
    }
}
