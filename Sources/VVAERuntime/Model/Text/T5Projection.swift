/// A bias-free linear layer of the T5 encoder (`x · Wᵀ`); several HF weights may be stacked into one product
/// (`q`, `k`, `v` → one `[3·inner, d]` matrix), which is one `sgemm` instead of three.
struct T5Projection: Sendable {
    let linear: Linear
    let precision: T5Precision

    /// Reads `names` under `scope`, each `[rows, columns]`, stacked in that order.
    init(scope: WeightScope, names: [String], rows: Int, columns: Int, precision: T5Precision) throws {
        var stacked: [Float] = []
        stacked.reserveCapacity(names.count * rows * columns)
        for name in names { stacked += try scope.child(name).tensor("weight", shape: [rows, columns]).scalars }
        precision.round(&stacked)
        linear = try Linear(weight: try Tensor(shape: [names.count * rows, columns], scalars: stacked), bias: nil)
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
