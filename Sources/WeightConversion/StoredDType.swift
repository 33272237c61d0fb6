import HDF5Kit
import TorchCheckpoint

/// What `--dtype` asks the weight file to hold.
public enum StoredDType: String, Sendable, CaseIterable {
    case float32, float16, bfloat16, keep

    /// The HDF5 element type a tensor of `source` dtype is stored as, or nil when it cannot be stored.
    /// Integer and bool tensors are kept as they are: converting them to floats would change what they mean.
    public func elementType(for source: TensorDType) -> HDF5ElementType? {
        if source.isFloatingPoint, self != .keep, source.isStorableFloat {
            switch self {
            case .float32: return .float32
            case .float16: return .float16
            case .bfloat16: return .bfloat16
            case .keep: break
            }
        }
        return source.hdf5ElementType
    }
}

extension TensorDType {
    /// The same type in HDF5Kit's vocabulary; nil for types the weight file does not carry (complex, float8, wide unsigned).
    var hdf5ElementType: HDF5ElementType? {
        switch self {
        case .float64: return .float64
        case .float32: return .float32
        case .float16: return .float16
        case .bfloat16: return .bfloat16
        case .int64: return .int64
        case .int32: return .int32
        case .int16: return .int16
        case .int8: return .int8
        case .uint8: return .uint8
        case .bool: return .bool
        default: return nil
        }
    }

    /// Float types the converter can widen or narrow (float8 variants would need their own decoders).
    var isStorableFloat: Bool { self == .float64 || self == .float32 || self == .float16 || self == .bfloat16 }
}
