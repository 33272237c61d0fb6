import HDF5Kit
import VVAESupport

/// A vvae text-encoder file opened for reading: the T5 encoder's `config.json`, its tensors by state-dict key, and
/// the tokenizer file it was converted with.
public final class TextEncoderFile: TensorStore, @unchecked Sendable {
    public let path: String
    public let configJSON: String
    public let tokenizerConfigJSON: String?
    /// `spiece.model` or `tokenizer.json`.
    public let tokenizerSource: String
    /// The tokenizer file's bytes.
    public let tokenizerBytes: [UInt8]
    public let sourceSHA256: String?
    public let entries: [WeightFile.Entry]
    private let file: HDF5File
    private let entriesByKey: [String: WeightFile.Entry]

    public init(path: String) throws {
        file = try HDF5File.open(atPath: path)
        self.path = path
        let names = Set(try file.attributeNames())
        let format = names.contains(TextEncoderFileFormat.RootAttribute.format)
            ? try file.stringAttribute(TextEncoderFileFormat.RootAttribute.format) : nil
        guard format == TextEncoderFileFormat.name else {
            if format == WeightFileFormat.name {
                throw WeightFileError(path: path, "a vvae VAE weight file, not a text encoder; pass it as --weights, and the converted T5 folder as --text-encoder")
            }
            throw WeightFileError(path: path, "not a vvae text-encoder file (no root attribute format = \"\(TextEncoderFileFormat.name)\"); make one with vvae-convert <Hugging Face T5 folder> t5.h5")
        }
        let version = try file.int64Attribute(TextEncoderFileFormat.RootAttribute.formatVersion)
        guard version >= 1, version <= TextEncoderFileFormat.version else {
            throw WeightFileError(path: path, "text-encoder file format version \(version) is not one this vvae reads (1...\(TextEncoderFileFormat.version))")
        }
        configJSON = try file.stringAttribute(TextEncoderFileFormat.RootAttribute.configJSON)
        tokenizerConfigJSON = names.contains(TextEncoderFileFormat.RootAttribute.tokenizerConfigJSON)
            ? try file.stringAttribute(TextEncoderFileFormat.RootAttribute.tokenizerConfigJSON) : nil
        tokenizerSource = try file.stringAttribute(TextEncoderFileFormat.RootAttribute.tokenizerSource)
        guard ["spiece.model", "tokenizer.json"].contains(tokenizerSource) else {
            throw WeightFileError(path: path, "tokenizer_source is \"\(tokenizerSource)\", expected spiece.model or tokenizer.json")
        }
        let tokenizerPath = TextEncoderFileFormat.tokenizerDatasetPath(tokenizerSource)
        guard try file.objectKind(at: tokenizerPath) == .dataset else {
            throw WeightFileError(path: path, "has no \(tokenizerPath) dataset for its tokenizer")
        }
        tokenizerBytes = try file.readBytes(tokenizerPath)
        sourceSHA256 = names.contains(TextEncoderFileFormat.RootAttribute.sourceSHA256)
            ? try file.stringAttribute(TextEncoderFileFormat.RootAttribute.sourceSHA256) : nil
        entries = try file.datasets()
            .filter { !$0.path.hasPrefix(TextEncoderFileFormat.tokenizerGroup + "/") }
            .map { WeightFile.Entry(key: WeightFileFormat.key(forDatasetPath: $0.path), elementType: $0.elementType, shape: $0.shape) }
        entriesByKey = Dictionary(entries.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func entry(_ key: String) -> WeightFile.Entry? { entriesByKey[key] }

    public func floats(_ key: String) throws -> [Float] {
        guard entriesByKey[key] != nil else { throw WeightFileError(path: path, "has no tensor '\(key)'") }
        return try file.readFloat32(WeightFileFormat.datasetPath(forKey: key))
    }

    /// Every root attribute, for display.
    public func rootAttributes() throws -> [(name: String, value: HDF5AttributeValue)] {
        try file.attributeNames().map { ($0, try file.attribute($0)) }
    }

    /// Recomputes the SHA-256 of every tensor and of the tokenizer file against the `sha256` attribute written at
    /// conversion.
    public func verify() throws -> [(key: String, result: WeightFile.Verification)] {
        let tensors = entries.map { ($0.key, WeightFileFormat.datasetPath(forKey: $0.key)) }
        let tokenizer = ("tokenizer/\(tokenizerSource)", TextEncoderFileFormat.tokenizerDatasetPath(tokenizerSource))
        return try WeightFile.verify(tensors + [tokenizer], in: file)
    }
}
