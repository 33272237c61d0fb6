/// Converting raw little-endian element bytes to numbers. Half, bfloat16 and float8 are decoded bit-exactly.
public enum ElementDecoding {
    /// Every element as Double (exact for every float dtype and for integers up to 2^53); nil for complex types.
    public static func doubles(_ data: [UInt8], dtype: TensorDType) -> [Double]? {
        let n = data.count / dtype.byteSize
        switch dtype {
        case .float64: return (0..<n).map { Double(bitPattern: word(data, $0 * 8, UInt64.self)) }
        case .float32: return (0..<n).map { Double(Float(bitPattern: word(data, $0 * 4, UInt32.self))) }
        case .float16: return (0..<n).map { Double(half(word(data, $0 * 2, UInt16.self))) }
        case .bfloat16: return (0..<n).map { Double(bfloat(word(data, $0 * 2, UInt16.self))) }
        case .int64: return (0..<n).map { Double(Int64(bitPattern: word(data, $0 * 8, UInt64.self))) }
        case .uint64: return (0..<n).map { Double(word(data, $0 * 8, UInt64.self)) }
        case .int32: return (0..<n).map { Double(Int32(bitPattern: word(data, $0 * 4, UInt32.self))) }
        case .uint32: return (0..<n).map { Double(word(data, $0 * 4, UInt32.self)) }
        case .int16: return (0..<n).map { Double(Int16(bitPattern: word(data, $0 * 2, UInt16.self))) }
        case .uint16: return (0..<n).map { Double(word(data, $0 * 2, UInt16.self)) }
        case .int8: return data.map { Double(Int8(bitPattern: $0)) }
        case .uint8: return data.map { Double($0) }
        case .bool: return data.map { $0 != 0 ? 1 : 0 }
        case .float8_e4m3fn, .float8_e5m2, .float8_e4m3fnuz, .float8_e5m2fnuz:
            let format = Float8Format(dtype)
            return data.map { format.decode($0) }
        case .complex64, .complex128: return nil
        }
    }

    static func floats(_ data: [UInt8], dtype: TensorDType) -> [Float]? {
        let n = data.count / dtype.byteSize
        switch dtype {
        case .float32:
            var out = [Float](repeating: 0, count: n)
            for i in 0..<n {
                let j = i * 4
                out[i] = Float(bitPattern: UInt32(data[j]) | UInt32(data[j + 1]) << 8
                               | UInt32(data[j + 2]) << 16 | UInt32(data[j + 3]) << 24)
            }
            return out
        case .float16: return (0..<n).map { half(word(data, $0 * 2, UInt16.self)) }
        case .bfloat16: return (0..<n).map { bfloat(word(data, $0 * 2, UInt16.self)) }
        default: return doubles(data, dtype: dtype)?.map { Float($0) }
        }
    }

    static func word<T: FixedWidthInteger & UnsignedInteger>(_ data: [UInt8], _ at: Int, _: T.Type) -> T {
        var value: T = 0
        for i in 0..<MemoryLayout<T>.size { value |= T(data[at + i]) << (8 * i) }
        return value
    }

    static func bfloat(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    static func half(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * Float(sign: .plus, exponent: -24, significand: 1)
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}

/// The four float8 encodings PyTorch stores: e4m3fn (no infinities, NaN = all ones), e5m2 (IEEE-like),
/// and the `fnuz` variants (bias one higher, no negative zero, NaN = 0x80).
struct Float8Format {
    let exponentBits: Int
    let mantissaBits: Int
    let bias: Int
    let kind: Kind

    enum Kind { case fn, ieee, fnuz }

    init(_ dtype: TensorDType) {
        switch dtype {
        case .float8_e5m2: (exponentBits, mantissaBits, bias, kind) = (5, 2, 15, .ieee)
        case .float8_e4m3fnuz: (exponentBits, mantissaBits, bias, kind) = (4, 3, 8, .fnuz)
        case .float8_e5m2fnuz: (exponentBits, mantissaBits, bias, kind) = (5, 2, 16, .fnuz)
        default: (exponentBits, mantissaBits, bias, kind) = (4, 3, 7, .fn)
        }
    }

    func decode(_ byte: UInt8) -> Double {
        let maxExponent = (1 << exponentBits) - 1
        let mantissaMask = (1 << mantissaBits) - 1
        let negative = byte & 0x80 != 0
        let exponent = Int(byte >> mantissaBits) & maxExponent
        let mantissa = Int(byte) & mantissaMask
        switch kind {
        case .fnuz where byte == 0x80: return .nan
        case .fn where exponent == maxExponent && mantissa == mantissaMask: return .nan
        case .ieee where exponent == maxExponent: return mantissa == 0 ? (negative ? -.infinity : .infinity) : .nan
        default: break
        }
        let magnitude: Double
        if exponent == 0 {
            magnitude = Double(mantissa) * Double(sign: .plus, exponent: 1 - bias - mantissaBits, significand: 1)
        } else {
            magnitude = (1 + Double(mantissa) / Double(1 << mantissaBits))
                * Double(sign: .plus, exponent: exponent - bias, significand: 1)
        }
        return negative ? -magnitude : magnitude
    }
}
