import HDF5Kit
import VVAEFormats
import VVAESupport

/// Writes a weight file one tensor at a time (so peak memory is one tensor), into a temporary file that replaces the
/// destination only in `finish()`. Dropping the writer without finishing leaves nothing behind.
public final class WeightFileWriter {
    /// A dataset whose space is reserved: its bytes go to `byteOffset` of the file (nil for an empty dataset).
    public struct Slot: Sendable {
        public let key: String
        public let byteOffset: Int?
        public let byteCount: Int
    }

    public let destination: String
    private var output: AtomicOutput?
    private let file: HDF5File
    /// Fills reserved datasets (`reserve`) at their offsets, from any thread, beside libhdf5's own descriptor.
    public let rawData: PositionalWriter
    private(set) public var tensorCount: Int64 = 0
    private(set) public var parameterCount: Int64 = 0

    /// Refuses an existing destination unless `overwrite`, and a missing or read-only folder, before any work.
    /// The file's kind and root attributes are the header given to `finish`.
    public init(destination: String, overwrite: Bool) throws {
        let output = try AtomicOutput(destination: destination, overwrite: overwrite)
        file = try HDF5File.create(atPath: output.temporaryPath, mode: .truncate,
                                   alignment: .init(threshold: 1, alignment: WeightFileFormat.alignment))
        self.destination = destination
        rawData = try PositionalWriter(path: output.temporaryPath)
        self.output = consume output
    }

    /// Stores one tensor: `bytes` are little-endian, C order, already of `elementType`.
    public func write(key: String, elementType: HDF5ElementType, shape: [Int], bytes: [UInt8], sourceDType: String) throws {
        let path = WeightFileFormat.datasetPath(forKey: key)
        try file.writeDataset(path, elementType: elementType, shape: shape, bytes: bytes)
        try file.setAttribute(WeightFileFormat.DatasetAttribute.sha256, .string(StreamingDigest.hexDigest(of: bytes)), on: path)
        try file.setAttribute(WeightFileFormat.DatasetAttribute.sourceDType, .string(sourceDType), on: path)
        tensorCount += 1
        parameterCount += Int64(shape.reduce(1, *))
    }

    /// Creates a dataset without writing it and says where its bytes go; fill them through `rawData`, then give
    /// their SHA-256 to `recordChecksum`. Lets the bytes be copied by the kernel or by several threads at once.
    public func reserve(key: String, elementType: HDF5ElementType, shape: [Int], sourceDType: String) throws -> Slot {
        let path = WeightFileFormat.datasetPath(forKey: key)
        let info = try file.reserveDataset(path, elementType: elementType, shape: shape)
        try file.setAttribute(WeightFileFormat.DatasetAttribute.sourceDType, .string(sourceDType), on: path)
        tensorCount += 1
        parameterCount += Int64(info.elementCount)
        return Slot(key: key, byteOffset: info.byteOffset, byteCount: info.elementCount * elementType.byteCount)
    }

    /// The `sha256` attribute of a dataset filled through `rawData`.
    public func recordChecksum(key: String, hexDigest: String) throws {
        try file.setAttribute(WeightFileFormat.DatasetAttribute.sha256, .string(hexDigest),
                              on: WeightFileFormat.datasetPath(forKey: key))
    }

    /// Stores a non-tensor file (a tokenizer) as a byte dataset at `datasetPath`; not counted as a tensor.
    public func writeBlob(datasetPath: String, bytes: [UInt8]) throws {
        try file.writeDataset(datasetPath, elementType: .uint8, shape: [bytes.count], bytes: bytes)
        try file.setAttribute(WeightFileFormat.DatasetAttribute.sha256, .string(StreamingDigest.hexDigest(of: bytes)), on: datasetPath)
    }

    /// Writes `header` with the counts of the tensors written, closes the file and moves it into place.
    public func finish(header: some CountedHeader) throws {
        var header = header
        header.tensorCount = tensorCount
        header.parameterCount = parameterCount
        try header.write(to: file)
        try file.close()
        guard let output = output.take() else { return }
        try output.commit()
    }
}
