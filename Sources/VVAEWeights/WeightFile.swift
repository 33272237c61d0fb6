import HDF5Kit
import VVAESupport

/// A vvae weight file opened for reading: the model's config and its tensors by state-dict key.
public final class WeightFile: @unchecked Sendable {
    public struct Entry: Sendable, Equatable {
        public let key: String
        public let elementType: HDF5ElementType?
        public let shape: [Int]
    }

    public let path: String
    public let configYAML: String
    public let configName: String
    /// The quant conv width, when the model has quant convs (also when the YAML itself omits it).
    public let embedDim: Int?
    /// SHA-256 of the checkpoint the file was converted from: identifies the weights cheaply (latent files record it).
    public let sourceSHA256: String?
    public let entries: [Entry]
    private let file: HDF5File
    private let entriesByKey: [String: Entry]

    /// Opens and checks the file: it must say it is a vvae weight file of a version this reader knows.
    public init(path: String) throws {
        file = try HDF5File.open(atPath: path)
        self.path = path
        let names = Set(try file.attributeNames())
        let format = names.contains(WeightFileFormat.RootAttribute.format)
            ? try file.stringAttribute(WeightFileFormat.RootAttribute.format) : nil
        if format == TextEncoderFileFormat.name {
            throw WeightFileError(path: path, "a vvae text-encoder file (T5), not VAE weights; pass it as --text-encoder, and the VAE's weight file as --weights")
        }
        guard format == WeightFileFormat.name else {
            throw WeightFileError(path: path, "an HDF5 file, but not a vvae weight file (no root attribute format = \"\(WeightFileFormat.name)\"); make one with vvae-convert")
        }
        let version = try file.int64Attribute(WeightFileFormat.RootAttribute.formatVersion)
        guard version <= WeightFileFormat.version else {
            throw WeightFileError(path: path, "weight file format version \(version) is newer than this vvae reads (\(WeightFileFormat.version)); update vvae")
        }
        configYAML = try file.stringAttribute(WeightFileFormat.RootAttribute.configYAML)
        configName = names.contains(WeightFileFormat.RootAttribute.configName)
            ? try file.stringAttribute(WeightFileFormat.RootAttribute.configName) : "unnamed"
        embedDim = names.contains(WeightFileFormat.RootAttribute.embedDim)
            ? Int(try file.int64Attribute(WeightFileFormat.RootAttribute.embedDim)) : nil
        sourceSHA256 = names.contains(WeightFileFormat.RootAttribute.sourceSHA256)
            ? try file.stringAttribute(WeightFileFormat.RootAttribute.sourceSHA256) : nil
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
