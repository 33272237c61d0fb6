import HDF5Kit
import TorchCheckpoint

/// Re-encodes little-endian tensor bytes from one float type to another, in Swift, so libhdf5 never converts
/// (its soft conversion is ~100× slower). Widening is exact; narrowing rounds to nearest, ties to even.
enum ElementConversion {
    /// Returns `bytes` (elements of `source`) encoded as `target`. Identity when the two agree.
    static func convert(_ bytes: [UInt8], from source: TensorDType, to target: HDF5ElementType) -> [UInt8] {
        if source.hdf5ElementType == target { return bytes }
        let values = decodeFloats(bytes, source)
        switch target {
        case .float32:
            return encode(values.map { UInt64(Float($0).bitPattern) }, width: 4)
        case .float64:
            return encode(values.map { $0.bitPattern }, width: 8)
        case .float16:
            return encode(values.map { UInt64(float16Bits(Float($0))) }, width: 2)
        case .bfloat16:
            return encode(values.map { UInt64(bfloat16Bits(Float($0))) }, width: 2)
        default:
            preconditionFailure("ElementConversion only converts between float types; \(source) → \(target) is refused earlier")
        }
    }

    /// Float64 holds every value of every source float type exactly, so decoding through it loses nothing.
    static func decodeFloats(_ bytes: [UInt8], _ dtype: TensorDType) -> [Double] {
        let width = dtype.byteSize
        let count = bytes.count / width
        var out = [Double](repeating: 0, count: count)
        bytes.withUnsafeBytes { raw in
            for index in 0..<count {
                let base = index * width
                switch dtype {
                case .float64:
                    out[index] = Double(bitPattern: raw.loadUnaligned(fromByteOffset: base, as: UInt64.self).littleEndianValue)
                case .float32:
                    out[index] = Double(Float(bitPattern: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self).littleEndianValue))
                case .float16:
                    out[index] = Double(HalfPrecisionDecoding.float(fromFloat16Bits: raw.loadUnaligned(fromByteOffset: base, as: UInt16.self).littleEndianValue))
                case .bfloat16:
                    out[index] = Double(HalfPrecisionDecoding.float(fromBFloat16Bits: raw.loadUnaligned(fromByteOffset: base, as: UInt16.self).littleEndianValue))
                default:
                    preconditionFailure("decodeFloats called with \(dtype)")
                }
            }
        }
        return out
    }

    /// IEEE half bits of `value`, rounded to nearest even (Swift's Float16 conversion does exactly that).
    static func float16Bits(_ value: Float) -> UInt16 {
        Float16(value).bitPattern
    }

    /// bfloat16 bits of `value`: the top 16 bits of the float32, rounded to nearest even; NaN stays a quiet NaN.
    static func bfloat16Bits(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let roundingBias: UInt32 = 0x7FFF + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }

    private static func encode(_ words: [UInt64], width: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: words.count * width)
        for (index, word) in words.enumerated() {
            for byte in 0..<width {
                out[index * width + byte] = UInt8(truncatingIfNeeded: word >> UInt64(8 * byte))
            }
        }
        return out
    }
}

extension FixedWidthInteger {
    fileprivate var littleEndianValue: Self { Self(littleEndian: self) }
}
