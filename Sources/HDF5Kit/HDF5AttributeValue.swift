/// The attribute values HDF5Kit writes and reads: enough for file metadata (format, versions, config text, counts,
/// checksums, shapes).
public enum HDF5AttributeValue: Sendable, Equatable, CustomStringConvertible {
    /// A scalar UTF-8 string (stored variable-length unless asked for fixed-length).
    case string(String)
    /// A scalar integer; any stored integer type is read back as Int64.
    case int64(Int64)
    /// A scalar float; any stored float type is read back as Double.
    case double(Double)
    /// A one-dimensional integer array (multi-dimensional ones are read flattened).
    case int64Array([Int64])
    case doubleArray([Double])

    /// "string", "int64", "double", "int64 array" or "double array" — used in `.wrongType` errors.
    public var kindName: String {
        switch self {
        case .string: return "string"
        case .int64: return "int64"
        case .double: return "double"
        case .int64Array: return "int64 array"
        case .doubleArray: return "double array"
        }
    }

    public var description: String {
        switch self {
        case .string(let text): return text
        case .int64(let value): return String(value)
        case .double(let value): return String(value)
        case .int64Array(let values): return "[" + values.map(String.init).joined(separator: ", ") + "]"
        case .doubleArray(let values): return "[" + values.map { String($0) }.joined(separator: ", ") + "]"
        }
    }
}

/// How a string attribute is stored. Both are UTF-8 and read back identically.
public enum HDF5StringStorage: Sendable {
    /// `H5T_VARIABLE` length (h5py's default for `str`).
    case variableLength
    /// Exactly the string's UTF-8 bytes (at least one), null-padded.
    case fixedLength
}
