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

/// The bulk element-wise operations model code uses instead of buffer pointers: each runs `transform` over every
/// element (in parallel when the work is large enough), reusing the storage when the caller holds the only reference.
extension Tensor {
    /// Every element replaced by `transform` of it.
    public mutating func updateEach(workPerElement: Int = 1, _ transform: (Float) -> Float) {
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: buffer.count, workPerItem: workPerElement) { range in
                for i in range { base[i] = transform(base[i]) }
            }
        }
    }

    /// Every element replaced by `transform` of its index (C order) and value.
    public mutating func updateEachIndexed(workPerElement: Int = 1, _ transform: (Int, Float) -> Float) {
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: buffer.count, workPerItem: workPerElement) { range in
                for i in range { base[i] = transform(i, base[i]) }
            }
        }
    }

    /// Every element replaced by `transform(self[i], a[i], b[i])`; `a` and `b` must have `self`'s shape.
    public mutating func updateEach(with a: Tensor, _ b: Tensor, operation: String, _ transform: (Float, Float, Float) -> Float) throws {
        guard a.shape == shape, b.shape == shape else {
            throw TensorError(operation: operation, message: "shapes differ: \(shape), \(a.shape) and \(b.shape)")
        }
        a.withUnsafeBufferPointer { first in
            b.withUnsafeBufferPointer { second in
                withUnsafeMutableBufferPointer { buffer in
                    guard let base = buffer.baseAddress, let x = first.baseAddress, let y = second.baseAddress else { return }
                    ParallelLoop.forEachRange(count: buffer.count) { range in
                        for i in range { base[i] = transform(base[i], x[i], y[i]) }
                    }
                }
            }
        }
    }

    /// The smallest and largest element, or nil when some element is NaN or infinite (or the tensor is empty).
    public func finiteRange() -> ClosedRange<Float>? {
        var low = Float.infinity
        var high = -Float.infinity
        let finite = withUnsafeBufferPointer { values in
            for value in values {
                guard value.isFinite else { return false }
                low = min(low, value)
                high = max(high, value)
            }
            return true
        }
        return finite && low <= high ? low...high : nil
    }
}
