import Foundation

/// Element type of an `.npy` payload that the runtime can convert to float32.
public enum NpyScalarType: Sendable, Equatable {
    case float16, float32, float64

    var byteCount: Int {
        switch self {
        case .float16: return 2
        case .float32: return 4
        case .float64: return 8
        }
    }
}

/// The parsed preamble of an `.npy` file: what the data section holds and where it starts.
public struct NpyHeader: Sendable, Equatable {
    public let majorVersion: Int
    public let minorVersion: Int
    /// The dtype string as written, e.g. `"<f4"`.
    public let descr: String
    public let scalarType: NpyScalarType
    public let isLittleEndian: Bool
    public let shape: [Int]
    /// Byte offset of the first element.
    public let dataOffset: Int

    public var elementCount: Int { shape.reduce(1, *) }
    public var dataByteCount: Int { elementCount * scalarType.byteCount }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// Parses the magic, version, header length and the header's Python dict literal at the start of `file`.
    static func parse(_ file: Data, path: String) throws -> NpyHeader {
        let prefix = Array(file.prefix(12))
        guard prefix.count >= 10, Array(prefix[0..<6]) == magic else { throw NpyError.notNpy(path: path) }
        let major = Int(prefix[6])
        let minor = Int(prefix[7])
        let lengthStart: Int
        let headerLength: Int
        switch (major, minor) {
        case (1, 0):
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8
            lengthStart = 10
        case (2, 0), (3, 0):
            guard prefix.count >= 12 else {
                throw NpyError.malformedHeader(path: path, reason: "file ends inside the header length")
            }
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
            lengthStart = 12
        default:
            throw NpyError.unsupportedVersion(path: path, major: major, minor: minor)
        }
        let dataOffset = lengthStart + headerLength
        guard file.count >= dataOffset else {
            throw NpyError.malformedHeader(path: path,
                                           reason: "header claims \(headerLength) bytes but the file is shorter")
        }
        let headerBytes = file[(file.startIndex + lengthStart)..<(file.startIndex + dataOffset)]
        // Version 3.0 allows UTF-8 in the header; the keys and values we accept are ASCII either way.
        guard let text = String(data: headerBytes, encoding: .utf8) else {
            throw NpyError.malformedHeader(path: path, reason: "header is not valid UTF-8")
        }
        var parser = PythonLiteralParser(text: text, path: path)
        let dict = try parser.parseHeaderDict()
        guard case let .string(descr)? = dict["descr"] else {
            throw NpyError.malformedHeader(path: path, reason: "missing string key 'descr'")
        }
        guard case let .bool(fortran)? = dict["fortran_order"] else {
            throw NpyError.malformedHeader(path: path, reason: "missing boolean key 'fortran_order'")
        }
        guard case let .intTuple(shape)? = dict["shape"] else {
            throw NpyError.malformedHeader(path: path, reason: "missing tuple key 'shape'")
        }
        guard !fortran else { throw NpyError.fortranOrder(path: path) }
        let (scalarType, little) = try parseDescr(descr, path: path)
        var count = 1
        for extent in shape {
            guard extent >= 0 else {
                throw NpyError.malformedHeader(path: path, reason: "negative dimension in shape \(shape)")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: extent)
            let (bytes, bytesOverflow) = product.multipliedReportingOverflow(by: scalarType.byteCount)
            guard !overflow, !bytesOverflow, bytes <= Int(Int32.max) * 64 else {
                throw NpyError.malformedHeader(path: path, reason: "shape \(shape) is implausibly large")
            }
            count = product
        }
        return NpyHeader(majorVersion: major, minorVersion: minor, descr: descr, scalarType: scalarType,
                         isLittleEndian: little, shape: shape, dataOffset: dataOffset)
    }

    private static func parseDescr(_ descr: String, path: String) throws -> (NpyScalarType, Bool) {
        let bytes = Array(descr.utf8)
        guard bytes.count == 3, bytes[1] == UInt8(ascii: "f") else {
            throw NpyError.unsupportedDType(path: path, descr: descr)
        }
        let little: Bool
        switch bytes[0] {
        case UInt8(ascii: "<"): little = true
        case UInt8(ascii: ">"): little = false
        case UInt8(ascii: "="): little = hostIsLittleEndian
        default: throw NpyError.unsupportedDType(path: path, descr: descr)
        }
        switch bytes[2] {
        case UInt8(ascii: "2"): return (.float16, little)
        case UInt8(ascii: "4"): return (.float32, little)
        case UInt8(ascii: "8"): return (.float64, little)
        default: throw NpyError.unsupportedDType(path: path, descr: descr)
        }
    }

    static var hostIsLittleEndian: Bool { 1.littleEndian == 1 }

    /// The header bytes numpy would write for a little-endian float32 array of `shape` (version 1.0, or 2.0 when
    /// the header does not fit 65535 bytes), padded so the data starts on a 64-byte boundary.
    static func encodeFloat32(shape: [Int]) -> [UInt8] {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        for (major, lengthBytes) in [(1, 2), (2, 4)] {
            let preamble = 6 + 2 + lengthBytes
            let unpadded = preamble + dict.utf8.count + 1
            let total = (unpadded + 63) / 64 * 64
            let headerLength = total - preamble
            if major == 1 && headerLength > 0xFFFF { continue }
            var bytes = magic + [UInt8(major), 0]
            for i in 0..<lengthBytes { bytes.append(UInt8((headerLength >> (8 * i)) & 0xFF)) }
            bytes += Array(dict.utf8)
            bytes += [UInt8](repeating: 0x20, count: total - unpadded)
            bytes.append(0x0A)
            return bytes
        }
        return []  // unreachable: a version 2.0 header holds any shape
    }
}
