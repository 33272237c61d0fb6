extension Tensor {
    /// The tensor with its axes reordered: output axis `i` is input axis `axes[i]` (as `torch.permute`),
    /// materialised contiguously.
    public func permuted(_ axes: [Int]) throws -> Tensor {
        guard axes.count == rank, Set(axes) == Set(0..<rank) else {
            throw TensorError(operation: "permute", message: "\(axes) is not a permutation of the axes of \(shape)")
        }
        if axes == Array(0..<rank) { return self }
        let outShape = axes.map { shape[$0] }
        let inStrides = strides
        let sourceStrides = axes.map { inStrides[$0] }
        let last = rank - 1
        let rowLength = outShape[last]
        let rowStride = sourceStrides[last]
        let rows = count / max(rowLength, 1)
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress, rowLength > 0 else { return }
            withUnsafeBufferPointer { input in
                guard let x = input.baseAddress else { return }
                ParallelLoop.forEachRange(count: rows, workPerItem: rowLength) { range in
                    // Multi-index of the first row in this range over the leading output axes, then an odometer.
                    var index = [Int](repeating: 0, count: last)
                    var remainder = range.lowerBound
                    var offset = 0
                    for axis in stride(from: last - 1, through: 0, by: -1) {
                        index[axis] = remainder % outShape[axis]
                        remainder /= outShape[axis]
                        offset += index[axis] * sourceStrides[axis]
                    }
                    for row in range {
                        let destination = out + row * rowLength
                        if rowStride == 1 {
                            destination.initialize(from: x + offset, count: rowLength)
                        } else {
                            var source = offset
                            for j in 0..<rowLength {
                                destination[j] = x[source]
                                source += rowStride
                            }
                        }
                        var axis = last - 1
                        while axis >= 0 {
                            index[axis] += 1
                            offset += sourceStrides[axis]
                            if index[axis] < outShape[axis] { break }
                            offset -= index[axis] * sourceStrides[axis]
                            index[axis] = 0
                            axis -= 1
                        }
                    }
                }
            }
        }
    }
}
