/// The arithmetic the T5 encoder runs in.
public enum T5Precision: String, Sendable, CaseIterable {
    /// Float32 storage, float32 products through OpenBLAS, norms, softmax and activations in Double.
    case float32
    /// Upstream's default path reproduced: weights rounded to bfloat16 and every op's result rounded to bfloat16
    /// where PyTorch's bfloat16 model rounds it (products accumulate in float32, as PyTorch's CPU kernels do).
    case bfloat16

    /// `x` as the nearest bfloat16 (ties to even), widened back to Float.
    @inline(__always)
    static func toBFloat16(_ x: Float) -> Float {
        guard x.isFinite else { return x.isNaN ? .nan : x }
        let bits = x.bitPattern
        let rounded = bits &+ 0x7FFF &+ ((bits >> 16) & 1)
        return Float(bitPattern: rounded & 0xFFFF_0000)
    }

    /// Rounds every element in place (nothing for float32).
    func round(_ values: inout [Float]) {
        guard self == .bfloat16 else { return }
        for index in values.indices { values[index] = Self.toBFloat16(values[index]) }
    }

    func round(_ tensor: inout Tensor) {
        guard self == .bfloat16 else { return }
        tensor.updateEach { Self.toBFloat16($0) }
    }

    @inline(__always)
    func round(_ x: Float) -> Float { self == .bfloat16 ? Self.toBFloat16(x) : x }
}
