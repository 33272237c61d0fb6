import VVAESupport
/// Why an `.npy` file could not be read or written; every case names the file.
public enum NpyError: Error, CustomStringConvertible, Sendable, Equatable {
    case cannotOpen(path: String, reason: String)
    case notNpy(path: String)
    case unsupportedVersion(path: String, major: Int, minor: Int)
    case malformedHeader(path: String, reason: String)
    case unsupportedDType(path: String, descr: String)
    case fortranOrder(path: String)
    case sizeMismatch(path: String, expectedBytes: Int, actualBytes: Int)
    case cannotWrite(path: String, reason: String)

    public var description: String { UntrustedText.escaped(text) }

    private var text: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "\(path): cannot open .npy file (\(reason))"
        case let .notNpy(path):
            return "\(path): not an .npy file (missing \\x93NUMPY magic)"
        case let .unsupportedVersion(path, major, minor):
            return "\(path): unsupported .npy format version \(major).\(minor) (1.0, 2.0 and 3.0 are supported)"
        case let .malformedHeader(path, reason):
            return "\(path): malformed .npy header: \(reason)"
        case let .unsupportedDType(path, descr):
            return "\(path): unsupported dtype '\(descr)' (supported: <f4 >f4 <f8 >f8 <f2 >f2)"
        case let .fortranOrder(path):
            return "\(path): Fortran-ordered arrays are not supported; save a C-contiguous array (np.ascontiguousarray)"
        case let .sizeMismatch(path, expected, actual):
            return "\(path): data section has \(actual) bytes but the header's shape and dtype need \(expected)"
        case let .cannotWrite(path, reason):
            return "\(path): cannot write .npy file (\(reason))"
        }
    }
}
