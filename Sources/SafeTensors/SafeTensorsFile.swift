import TorchCheckpoint
import VVAESupport

/// A safetensors file opened for reading. Opening reads and checks the header only; tensor bytes are read on
/// demand, and lie in the file exactly as they are returned (little-endian, C order), so a converter can copy them
/// in place.
public final class SafeTensorsFile: TensorArchive, @unchecked Sendable {
    public let path: String
    public let header: SafeTensorsHeader
    /// Where the data section starts: 8 + the header's length.
    public let dataOffset: Int
    public var formatName: String { "safetensors" }
    public let archivedTensors: [ArchivedTensor]
    private let file: MappedReader
    private let entriesByName: [String: SafeTensorsHeader.Entry]

    public init(path: String) throws {
        let file: MappedReader
        do {
            file = try MappedReader(path: path)
        } catch {
            throw SafeTensorsError(path: path, "cannot open for reading")
        }
        guard file.size >= 8 else { throw SafeTensorsError(path: path, "\(file.size) bytes: too short for a safetensors file") }
        let lengthBytes = try Self.read(file, 0..<8)
        let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(SafeTensorsHeader.maxHeaderBytes) else {
            throw SafeTensorsError(path: path, "the header claims \(length) bytes, more than the \(SafeTensorsHeader.maxHeaderBytes) allowed")
        }
        guard Int(length) <= file.size - 8 else {
            throw SafeTensorsError(path: path, "the header claims \(length) bytes but the file ends after \(file.size - 8)")
        }
        let json = try Self.read(file, 8..<(8 + Int(length)))
        header = try SafeTensorsHeader.decode(json: json, dataSize: file.size - 8 - Int(length), path: path)
        self.path = path
        self.file = file
        dataOffset = 8 + Int(length)
        archivedTensors = header.entries.map { ArchivedTensor(name: $0.name, dtype: $0.dtype, shape: $0.shape) }
        entriesByName = Dictionary(header.entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the first bytes look like a safetensors file: a plausible header length, then `{`.
    public static func looksLikeSafeTensors(_ head: [UInt8], fileSize: Int) -> Bool {
        guard head.count >= 9, fileSize >= 10 else { return false }
        let length = head[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return length >= 2 && length <= UInt64(fileSize - 8) && head[8] == UInt8(ascii: "{")
    }

    public func fileSpan(named name: String) -> Range<Int>? {
        guard let entry = entriesByName[name] else { return nil }
        return (dataOffset + entry.dataRange.lowerBound)..<(dataOffset + entry.dataRange.upperBound)
    }

    public func readData(named name: String) throws -> [UInt8] {
        guard let span = fileSpan(named: name) else { throw SafeTensorsError(path: path, key: name, "no tensor of this name") }
        return try Self.read(file, span)
    }

    private static func read(_ file: MappedReader, _ range: Range<Int>) throws -> [UInt8] {
        try file.bytes(range)
    }
}
