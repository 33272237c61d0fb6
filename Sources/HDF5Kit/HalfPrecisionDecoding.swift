/// Exact widening of the 16-bit float formats to `Float` (every float16 and bfloat16 value is a float32 value).
public enum HalfPrecisionDecoding {
    /// bfloat16 is the upper half of a float32 bit pattern.
    @inlinable
    public static func float(fromBFloat16Bits bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// IEEE binary16 → binary32, including subnormals, infinities and NaN payloads.
    @inlinable
    public static func float(fromFloat16Bits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits) & 0x3FF
        switch exponent {
        case 0:
            // Zero or subnormal: value = mantissa × 2⁻²⁴, exact in float32.
            let magnitude = Float(mantissa) * 0x1p-24
            return Float(bitPattern: sign | magnitude.bitPattern)
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }
}
