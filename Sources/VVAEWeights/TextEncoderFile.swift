import HDF5Kit
import VVAEFormats
import VVAESupport

/// A vvae text-encoder file opened for reading: the T5 encoder's `config.json`, its tensors by state-dict key, and
/// the tokenizer file it was converted with.
public final class TextEncoderFile: TensorStore, @unchecked Sendable {
    public let path: String
    /// The file's root attributes, checked.
    public let header: TextEncoderFileHeader
    public var configJSON: String { header.configJSON }
    public var tokenizerConfigJSON: String? { header.tokenizerConfigJSON }
    /// `spiece.model` or `tokenizer.json`.
    public var tokenizerSource: String { header.tokenizerSource }
    /// The tokenizer file's bytes.
    public let tokenizerBytes: [UInt8]
    public var sourceSHA256: String? { header.sourceSHA256 }
    public let entries: [WeightFile.Entry]
    private let file: HDF5File
    private let entriesByKey: [String: WeightFile.Entry]

    public init(path: String) throws {
        file = try ForeignWeightFile.openHDF5(path)
        self.path = path
        header = try TextEncoderFileHeader.read(from: file, path: path)
        let tokenizerPath = TextEncoderFileFormat.tokenizerDatasetPath(header.tokenizerSource)
        guard try file.objectKind(at: tokenizerPath) == .dataset else {
            throw WeightFileError(path: path, "has no \(tokenizerPath) dataset for its tokenizer")
        }
        tokenizerBytes = try file.readBytes(tokenizerPath)
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
