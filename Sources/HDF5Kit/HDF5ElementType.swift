/// The element types HDF5Kit stores and recognises. Files are written little-endian; big-endian files are read too.
///
/// `bool` is stored the way h5py stores numpy booleans: an HDF5 enum over a signed 8-bit integer with members
/// `FALSE = 0` and `TRUE = 1`, so h5py reads it back as `numpy.bool_`.
public enum HDF5ElementType: String, Sendable, CaseIterable, CustomStringConvertible {
    /// IEEE 754 binary16: 1 sign, 5 exponent (bias 15), 10 mantissa bits. h5py reads it as `numpy.float16`.
    case float16
    /// bfloat16: the top half of a float32 — 1 sign, 8 exponent (bias 127), 7 mantissa bits.
    case bfloat16
    case float32
    case float64
    case int8
    case int16
    case int32
    case int64
    case uint8
    case bool

    /// Bytes per element in the file and in memory.
    public var byteCount: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .float16, .bfloat16, .int16: return 2
        case .float32, .int32: return 4
        case .float64, .int64: return 8
        }
    }

    public var isFloatingPoint: Bool {
        switch self {
        case .float16, .bfloat16, .float32, .float64: return true
        default: return false
        }
    }

    public var description: String { rawValue }
}

/// Byte order of a stored type.
public enum HDF5ByteOrder: String, Sendable, CustomStringConvertible {
    case littleEndian
    case bigEndian
    /// HDF5 reports no order (strings, opaque types).
    case none

    public var description: String { rawValue }

    static var host: HDF5ByteOrder {
        #if _endian(big)
        return .bigEndian
        #else
        return .littleEndian
        #endif
    }
}
