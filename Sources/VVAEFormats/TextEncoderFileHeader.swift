import HDF5Kit

/// The root attributes of a vvae text-encoder file (Docs/FORMAT.md), as one value the converter writes and readers
/// get back checked. Version 1 is the only version so far.
public struct TextEncoderFileHeader: CountedHeader, Equatable {
    public static let kind = FileKind.textEncoder
    /// The tokenizer files a text-encoder file can be built from.
    public static let tokenizerSources = ["spiece.model", "tokenizer.json"]

    public var formatVersion: Int64 = TextEncoderFileFormat.version
    /// The model's `config.json`, verbatim.
    public var configJSON: String
    /// The folder's `tokenizer_config.json`, verbatim, when it had one.
    public var tokenizerConfigJSON: String?
    /// `spiece.model` or `tokenizer.json`: which file under `/tokenizer` the tokenizer is built from.
    public var tokenizerSource: String
    public var sourceFolder: String?
    /// The weight files read, comma-separated.
    public var sourceFiles: String?
    /// SHA-256 over the source weight files' SHA-256s, in name order: the encoder's identity in latent files.
    public var sourceSHA256: String?
    public var dtype: String?
    public var toolVersion: String?
    public var tensorCount: Int64?
    public var parameterCount: Int64?

    public init(configJSON: String, tokenizerConfigJSON: String? = nil, tokenizerSource: String, sourceFolder: String? = nil,
                sourceFiles: String? = nil, sourceSHA256: String? = nil, dtype: String? = nil, toolVersion: String? = nil) {
        self.configJSON = configJSON
        self.tokenizerConfigJSON = tokenizerConfigJSON
        self.tokenizerSource = tokenizerSource
        self.sourceFolder = sourceFolder
        self.sourceFiles = sourceFiles
        self.sourceSHA256 = sourceSHA256
        self.dtype = dtype
        self.toolVersion = toolVersion
    }

    private typealias Key = TextEncoderFileFormat.RootAttribute

    public static func read(from file: HDF5File, path: String) throws -> TextEncoderFileHeader {
        switch try FileKind.of(file) {
        case .textEncoder: break
        case .weights:
            throw FormatError(path: path, attribute: Key.format, "a vvae VAE weight file, not a text encoder; pass it as --weights, and the converted T5 folder as --text-encoder")
        case .some(let other):
            throw FormatError(path: path, attribute: Key.format, "\(other.noun), not a text encoder; make one with vvae-convert <Hugging Face T5 folder> t5.h5")
        case nil:
            throw FormatError(path: path, attribute: Key.format, "not a vvae text-encoder file (no root attribute format = \"\(TextEncoderFileFormat.name)\"); make one with vvae-convert <Hugging Face T5 folder> t5.h5")
        }
        let attributes = try HeaderAttributes(file: file, path: path)
        let source = try attributes.text(Key.tokenizerSource)
        guard tokenizerSources.contains(source) else {
            throw FormatError(path: path, attribute: Key.tokenizerSource, "tokenizer_source is \"\(source.prefix(40))\", expected spiece.model or tokenizer.json")
        }
        var header = TextEncoderFileHeader(configJSON: try attributes.text(Key.configJSON), tokenizerSource: source)
        header.formatVersion = try attributes.formatVersion(newest: TextEncoderFileFormat.version, kind: "text-encoder file")
        header.tokenizerConfigJSON = try attributes.optionalText(Key.tokenizerConfigJSON)
        header.sourceFolder = try attributes.optionalText(Key.sourceFolder)
        header.sourceFiles = try attributes.optionalText(Key.sourceFiles)
        header.sourceSHA256 = try attributes.optionalDigest(Key.sourceSHA256)
        header.dtype = try attributes.optionalText(Key.dtype)
        header.toolVersion = try attributes.optionalText(Key.toolVersion)
        header.tensorCount = try attributes.optionalInteger(Key.tensorCount, in: 0...WeightFileHeader.maxTensorCount)
        header.parameterCount = try attributes.optionalInteger(Key.parameterCount, in: 0...Int64.max)
        return header
    }

    public func write(to file: HDF5File) throws {
        var list: [(String, HDF5AttributeValue)] = [
            (Key.format, .string(TextEncoderFileFormat.name)), (Key.formatVersion, .int64(formatVersion)),
            (Key.configJSON, .string(configJSON)),
        ]
        func add(_ name: String, _ value: String?) { if let value { list.append((name, .string(value))) } }
        add(Key.tokenizerConfigJSON, tokenizerConfigJSON)
        add(Key.tokenizerSource, tokenizerSource)
        add(Key.sourceFolder, sourceFolder)
        add(Key.sourceFiles, sourceFiles)
        add(Key.dtype, dtype)
        add(Key.toolVersion, toolVersion)
        add(Key.sourceSHA256, sourceSHA256)
        if let tensorCount { list.append((Key.tensorCount, .int64(tensorCount))) }
        if let parameterCount { list.append((Key.parameterCount, .int64(parameterCount))) }
        for (name, value) in list { try file.setAttribute(name, value) }
    }
}
