#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SiLU `x · sigmoid(x)`, written so no intermediate overflows: for x < 0 it uses `x · e^x / (1 + e^x)`.
public enum SiLU {
    @inline(__always)
    public static func value(_ x: Float) -> Float {
        if x >= 0 {
            return x / (1 + expf(-x))
        }
        let e = expf(x)
        return x * e / (1 + e)
    }
}

extension Tensor {
    /// Applies SiLU to every element in place.
    public mutating func applySiLU() {
        withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: buffer.count, workPerItem: 8) { range in
                for i in range { base[i] = SiLU.value(base[i]) }
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
