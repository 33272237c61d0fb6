/// The bit layout of an HDF5 floating-point type, as `H5Tget_fields` / `H5Tget_ebias` report it.
struct HDF5FloatLayout: Equatable, Sendable {
    var byteCount: Int
    var signPosition: Int
    var exponentPosition: Int
    var exponentBits: Int
    var mantissaPosition: Int
    var mantissaBits: Int
    var exponentBias: Int

    static let float16 = HDF5FloatLayout(byteCount: 2, signPosition: 15, exponentPosition: 10, exponentBits: 5,
                                         mantissaPosition: 0, mantissaBits: 10, exponentBias: 15)
    static let bfloat16 = HDF5FloatLayout(byteCount: 2, signPosition: 15, exponentPosition: 7, exponentBits: 8,
                                          mantissaPosition: 0, mantissaBits: 7, exponentBias: 127)
    static let float32 = HDF5FloatLayout(byteCount: 4, signPosition: 31, exponentPosition: 23, exponentBits: 8,
                                         mantissaPosition: 0, mantissaBits: 23, exponentBias: 127)
    static let float64 = HDF5FloatLayout(byteCount: 8, signPosition: 63, exponentPosition: 52, exponentBits: 11,
                                         mantissaPosition: 0, mantissaBits: 52, exponentBias: 1023)

    var elementType: HDF5ElementType? {
        switch self {
        case .float16: return .float16
        case .bfloat16: return .bfloat16
        case .float32: return .float32
        case .float64: return .float64
        default: return nil
        }
    }

    var summary: String {
        "float(size \(byteCount), sign \(signPosition), exponent \(exponentPosition)+\(exponentBits) bias \(exponentBias), "
            + "mantissa \(mantissaPosition)+\(mantissaBits))"
    }
}
