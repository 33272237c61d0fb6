extension Tensor {
    /// `self += other` element-wise (same shape); the residual adds of the model, without a new buffer.
    public mutating func add(_ other: Tensor) throws {
        guard shape == other.shape else {
            throw TensorError(operation: "add", message: "shapes differ: \(shape) and \(other.shape)")
        }
        other.withUnsafeBufferPointer { rhs in
            withUnsafeMutableBufferPointer { lhs in
                guard let l = lhs.baseAddress, let r = rhs.baseAddress else { return }
                ParallelLoop.forEachRange(count: lhs.count) { range in
                    for i in range { l[i] += r[i] }
                }
            }
        }
    }

    /// Element-wise sum of two tensors of the same shape; reuses `self`'s storage when it is the last use.
    public consuming func adding(_ other: Tensor) throws -> Tensor {
        var result = self
        try result.add(other)
        return result
    }

    /// `self *= other` element-wise (same shape).
    public mutating func multiply(by other: Tensor) throws {
        guard shape == other.shape else {
            throw TensorError(operation: "multiply", message: "shapes differ: \(shape) and \(other.shape)")
        }
        other.withUnsafeBufferPointer { rhs in
            withUnsafeMutableBufferPointer { lhs in
                guard let l = lhs.baseAddress, let r = rhs.baseAddress else { return }
                ParallelLoop.forEachRange(count: lhs.count) { range in
                    for i in range { l[i] *= r[i] }
                }
            }
        }
    }

    /// Multiplies every element by `factor` in place.
    public mutating func scale(by factor: Float) {
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: buffer.count) { range in
                for i in range { base[i] *= factor }
            }
        }
    }

    /// Clamps every element into `range` in place (NaN stays NaN, as `torch.clamp`).
    public mutating func clamp(to range: ClosedRange<Float>) {
        let low = range.lowerBound
        let high = range.upperBound
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: buffer.count) { indices in
                for i in indices {
                    let v = base[i]
                    if v < low { base[i] = low } else if v > high { base[i] = high }
                }
            }
        }
    }
}
