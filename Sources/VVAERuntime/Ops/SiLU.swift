/// SiLU `x · sigmoid(x)` on eight floats at a time, with the exponential computed here (`VectorExp`), so the
/// activation after every GroupNorm vectorises instead of calling `expf` per element.
public enum SiLU {
    typealias Lanes = SIMD8<Float>

    /// `x / (1 + e^-x)`; for very negative x, e^-x overflows to infinity and the result is −0, as in PyTorch.
    @inline(__always)
    static func lanes(_ x: Lanes) -> Lanes {
        x / (1 + VectorExp.exp(-x))
    }

    /// SiLU of one value, by the same arithmetic as the vector path.
    public static func value(_ x: Float) -> Float {
        lanes(Lanes(repeating: x))[0]
    }
}

extension Tensor {
    /// Applies SiLU to every element in place.
    public mutating func applySiLU() {
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let blocks = (buffer.count + 4095) / 4096
            ParallelLoop.forEachRange(count: blocks, workPerItem: 4096 * 8) { range in
                let start = range.lowerBound * 4096
                let end = min(buffer.count, range.upperBound * 4096)
                VectorLoop.update(base + start, count: end - start, SiLU.lanes)
            }
        }
    }

    /// SiLU of every element; reuses the storage when this is the last use of the tensor.
    public consuming func silu() -> Tensor {
        var result = self
        result.applySiLU()
        return result
    }
}
