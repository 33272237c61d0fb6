/// The encoder's residual stream `[L, d]`: the token embeddings plus every sub-layer's output, summed in Double.
///
/// Why Double: in float32 the stream was rounded after each of a block's two additions, half an ulp of a value
/// that grows through the blocks, and those roundings were most of the encoder's distance from float64 (block.1 of
/// the tiny fixture stood at PyTorch's own float32 error on one CPU and beyond it on another, as the BLAS kernels
/// changed). Summed in Double, the stream is rounded once, where a layer norm or an observer reads it. In bfloat16
/// mode each sum is rounded to bfloat16 as PyTorch does, and Double holds those values exactly.
struct T5Residual {
    private(set) var values: [Double]
    let length: Int
    let width: Int
    let precision: T5Precision

    init(_ embeddings: [Float], length: Int, width: Int, precision: T5Precision) {
        values = embeddings.map(Double.init)
        self.length = length
        self.width = width
        self.precision = precision
    }

    /// Adds a sub-layer's output `[L, d]`.
    mutating func add(_ update: Tensor) {
        let source = update.scalars
        switch precision {
        case .float32:
            for i in values.indices { values[i] += Double(source[i]) }
        case .bfloat16:
            for i in values.indices { values[i] = Double(T5Precision.toBFloat16(Float(values[i]) + source[i])) }
        }
    }

    /// The stream rounded to float32, `[L, d]`.
    func tensor() throws -> Tensor {
        try Tensor(shape: [length, width], scalars: values.map { Float($0) })
    }
}
