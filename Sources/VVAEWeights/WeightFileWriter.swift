import HDF5Kit
import VVAESupport

/// Writes a weight file one tensor at a time (so peak memory is one tensor), into a temporary file that replaces the
/// destination only in `finish()`. Dropping the writer without finishing leaves nothing behind.
public final class WeightFileWriter {
    public let destination: String
    private var output: AtomicOutput?
    private let file: HDF5File
    private(set) public var tensorCount: Int64 = 0
    private(set) public var parameterCount: Int64 = 0

    /// Refuses an existing destination unless `overwrite`, and a missing or read-only folder, before any work.
    public init(destination: String, overwrite: Bool) throws {
        let output = try AtomicOutput(destination: destination, overwrite: overwrite)
        file = try HDF5File.create(atPath: output.temporaryPath, mode: .truncate,
                                   alignment: .init(threshold: 1, alignment: WeightFileFormat.alignment))
        self.destination = destination
        self.output = consume output
        try file.setAttribute(WeightFileFormat.RootAttribute.format, .string(WeightFileFormat.name))
        try file.setAttribute(WeightFileFormat.RootAttribute.formatVersion, .int64(WeightFileFormat.version))
    }

    public func setRootAttribute(_ name: String, _ value: HDF5AttributeValue) throws {
        try file.setAttribute(name, value)
    }

    /// Stores one tensor: `bytes` are little-endian, C order, already of `elementType`.
    public func write(key: String, elementType: HDF5ElementType, shape: [Int], bytes: [UInt8], sourceDType: String) throws {
        let path = WeightFileFormat.datasetPath(forKey: key)
        try file.writeDataset(path, elementType: elementType, shape: shape, bytes: bytes)
        var hasher = SHA256()
        hasher.update(bytes)
        try file.setAttribute(WeightFileFormat.DatasetAttribute.sha256, .string(SHA256.hex(hasher.finalize())), on: path)
        try file.setAttribute(WeightFileFormat.DatasetAttribute.sourceDType, .string(sourceDType), on: path)
        tensorCount += 1
        parameterCount += Int64(shape.reduce(1, *))
    }

    /// Records the counts, closes the file and moves it into place.
    public func finish() throws {
        try file.setAttribute(WeightFileFormat.RootAttribute.tensorCount, .int64(tensorCount))
        try file.setAttribute(WeightFileFormat.RootAttribute.parameterCount, .int64(parameterCount))
        try file.close()
        guard let output = output.take() else { return }
        try output.commit()
    }
}
