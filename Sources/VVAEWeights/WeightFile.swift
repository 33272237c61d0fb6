import HDF5Kit
import VVAEFormats
import VVAESupport

/// A vvae weight file opened for reading: the model's config and its tensors by state-dict key.
public final class WeightFile: @unchecked Sendable {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let elementType: HDF5ElementType?
        public let shape: [Int]
    }

    public let path: String
    /// The file's root attributes, checked.
    public let header: WeightFileHeader
    public var configYAML: String { header.configYAML }
    public var configName: String { header.configName }
    /// The quant conv width, when the model has quant convs (also when the YAML itself omits it).
    public var embedDim: Int? { header.embedDim }
    /// SHA-256 of the checkpoint the file was converted from: identifies the weights cheaply (latent files record it).
    public var sourceSHA256: String? { header.sourceSHA256 }
    public let entries: [Entry]
    private let file: HDF5File
    private let entriesByKey: [String: Entry]

    /// Opens and checks the file: it must say it is a vvae weight file of a version this reader knows.
    public init(path: String) throws {
        file = try ForeignWeightFile.openHDF5(path)
        self.path = path
        header = try WeightFileHeader.read(from: file, path: path)
        entries = try file.datasets().map {
            Entry(key: WeightFileFormat.key(forDatasetPath: $0.path), elementType: $0.elementType, shape: $0.shape)
        }
        entriesByKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func entry(_ key: String) -> Entry? { entriesByKey[key] }

    /// A tensor's values as float32 (float16 and bfloat16 widened exactly).
    public func floats(_ key: String) throws -> [Float] {
        guard entriesByKey[key] != nil else {
            throw WeightFileError(path: path, "has no tensor '\(key)'")
        }
        return try file.readFloat32(WeightFileFormat.datasetPath(forKey: key))
    }

    /// A tensor's stored bytes (little-endian, C order).
    public func bytes(_ key: String) throws -> [UInt8] {
        guard entriesByKey[key] != nil else {
            throw WeightFileError(path: path, "has no tensor '\(key)'")
        }
        return try file.readBytes(WeightFileFormat.datasetPath(forKey: key))
    }

    /// Every root attribute, for display.
    public func rootAttributes() throws -> [(name: String, value: HDF5AttributeValue)] {
        try file.attributeNames().map { ($0, try file.attribute($0)) }
    }

    /// The outcome of re-hashing one dataset against its recorded checksum.
    public enum Verification: Sendable, Equatable {
        case ok
        case mismatch(recorded: String, actual: String)
        case noChecksum
    }

    /// Recomputes every dataset's SHA-256 and compares it with the `sha256` attribute written at conversion.
    public func verify() throws -> [(key: String, result: Verification)] {
        try Self.verify(entries.map { ($0.key, WeightFileFormat.datasetPath(forKey: $0.key)) }, in: file)
    }

    /// The check `verify()` makes, for any vvae file whose datasets carry `sha256` attributes (the text encoder's
    /// tensors and tokenizer too): each `(key, dataset path)` re-hashed.
    static func verify(_ datasets: [(key: String, path: String)], in file: HDF5File) throws -> [(key: String, result: Verification)] {
        try datasets.map { key, path in
            guard try file.hasAttribute(WeightFileFormat.DatasetAttribute.sha256, on: path) else {
                return (key, .noChecksum)
            }
            let recorded = try file.stringAttribute(WeightFileFormat.DatasetAttribute.sha256, on: path)
            let actual = StreamingDigest.hexDigest(of: try file.readBytes(path))
            return (key, actual == recorded ? .ok : .mismatch(recorded: recorded, actual: actual))
        }
    }
}
