#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// Softmax along `axis` (negative counts from the end): max-subtracted, sum in Double.
    public consuming func softmax(axis: Int) throws -> Tensor {
        var result = self
        try result.applySoftmax(axis: axis)
        return result
    }

    /// Softmax along `axis` in place.
    public mutating func applySoftmax(axis: Int) throws {
        let resolved = try resolveAxis(axis, operation: "softmax")
        let length = shape[resolved]
        let inner = shape[(resolved + 1)...].reduce(1, *)
        let outer = shape[..<resolved].reduce(1, *)
        guard length > 0, inner > 0, outer > 0 else { return }
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: outer * inner, workPerItem: 3 * length) { range in
                for line in range {
                    let start = base + (line / inner) * length * inner + line % inner
                    Tensor.softmaxLine(start, length: length, stride: inner)
                }
            }
        }
    }

    @inline(__always)
    static func softmaxLine(_ values: UnsafeMutablePointer<Float>, length: Int, stride: Int) {
        var maximum = -Float.infinity
        for i in 0..<length { maximum = max(maximum, values[i * stride]) }
        if maximum == -Float.infinity { maximum = 0 }  // all -inf: let the result be NaN as in PyTorch
        var sum = 0.0
        for i in 0..<length {
            let e = expf(values[i * stride] - maximum)
            values[i * stride] = e
            sum += Double(e)
        }
        let inverse = 1.0 / sum
        for i in 0..<length { values[i * stride] = Float(Double(values[i * stride]) * inverse) }
    }

    /// Maps a possibly negative axis into `0..<rank`.
    func resolveAxis(_ axis: Int, operation: String) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < rank else {
            throw TensorError(operation: operation, message: "axis \(axis) out of range for shape \(shape)")
        }
        return resolved
    }
}
