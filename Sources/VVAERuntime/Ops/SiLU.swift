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
            // SiLU is elementwise and `VectorLoop` pads each range's tail, so any split gives the same values.
            ParallelLoop.forEachRange(count: buffer.count, workPerItem: 8) { range in
                VectorLoop.update(base + range.lowerBound, count: range.count, SiLU.lanes)
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
