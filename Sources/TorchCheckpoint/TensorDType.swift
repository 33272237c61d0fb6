/// Element types PyTorch stores, named as PyTorch names them without the `torch.` prefix.
public enum TensorDType: String, Sendable, CaseIterable {
    case float64, float32, float16, bfloat16
    case complex128, complex64
    case int64, int32, int16, int8
    case uint64, uint32, uint16, uint8
    case bool
    case float8_e4m3fn, float8_e5m2, float8_e4m3fnuz, float8_e5m2fnuz

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .float64, .int64, .uint64, .complex64: return 8
        case .complex128: return 16
        case .float32, .int32, .uint32: return 4
        case .float16, .bfloat16, .int16, .uint16: return 2
        case .int8, .uint8, .bool, .float8_e4m3fn, .float8_e5m2, .float8_e4m3fnuz, .float8_e5m2fnuz: return 1
        }
    }

    /// The unit a big-endian file swaps: the element, or each half of a complex number.
    var byteSwapUnit: Int {
        switch self {
        case .complex64, .complex128: return byteSize / 2
        default: return byteSize
        }
    }

    public var isFloatingPoint: Bool {
        switch self {
        case .float64, .float32, .float16, .bfloat16,
             .float8_e4m3fn, .float8_e5m2, .float8_e4m3fnuz, .float8_e5m2fnuz: return true
        default: return false
        }
    }

    public var isComplex: Bool { self == .complex64 || self == .complex128 }

    /// The dtype of a `torch.<Name>Storage` class (the typed storages of PyTorch < 2 that `torch.save` still names).
    init?(storageClassName name: String) {
        switch name {
        case "DoubleStorage": self = .float64
        case "FloatStorage": self = .float32
        case "HalfStorage": self = .float16
        case "BFloat16Storage": self = .bfloat16
        case "ComplexDoubleStorage": self = .complex128
        case "ComplexFloatStorage": self = .complex64
        case "LongStorage": self = .int64
        case "IntStorage": self = .int32
        case "ShortStorage": self = .int16
        case "CharStorage": self = .int8
        case "ByteStorage": self = .uint8
        case "BoolStorage": self = .bool
        default: return nil
        }
    }

    /// The dtype of a `torch.<name>` attribute as pickled (`torch.float32`, also aliases such as `torch.half`).
    init?(torchAttribute name: String) {
        if let exact = TensorDType(rawValue: name) {
            self = exact
            return
        }
        switch name {
        case "double": self = .float64
        case "float": self = .float32
        case "half": self = .float16
        case "cdouble": self = .complex128
        case "cfloat": self = .complex64
        case "long": self = .int64
        case "int": self = .int32
        case "short": self = .int16
        default: return nil
        }
    }
}
