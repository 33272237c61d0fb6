import HDF5Kit

/// The root attributes of a vvae weight file (Docs/FORMAT.md), as one value: what the converter writes is what
/// every reader gets back, checked. Version 1 is the only version so far.
public struct WeightFileHeader: CountedHeader, Equatable {
    public static let kind = FileKind.weights
    /// Larger quant-conv widths are corrupt values (the released models use 4 and 16).
    public static let maxEmbedDim: Int64 = 1 << 16
    /// More tensors than this are corrupt values (the released models have ~400).
    public static let maxTensorCount: Int64 = 1 << 24

    public var formatVersion: Int64 = WeightFileFormat.version
    /// The model's YAML config, verbatim (upstream schema).
    public var configYAML: String
    /// Which config: a shipped config's name or the file name given with --config; "unnamed" when a file lacks it.
    public var configName: String
    /// The quant conv width, when the model has quant convs (also when the YAML itself omits it).
    public var embedDim: Int?
    public var sourceFile: String?
    public var sourceSize: Int64?
    /// `zip`, `legacy`, `safetensors`, `synthetic`, …
    public var sourceFormat: String?
    /// SHA-256 of the checkpoint's bytes: identifies the weights cheaply (latent files record it).
    public var sourceSHA256: String?
    /// The stored element type(s), as the converter was asked for them.
    public var dtype: String?
    public var toolVersion: String?
    public var tensorCount: Int64?
    public var parameterCount: Int64?

    public init(configYAML: String, configName: String, embedDim: Int? = nil, sourceFile: String? = nil,
                sourceSize: Int64? = nil, sourceFormat: String? = nil, sourceSHA256: String? = nil, dtype: String? = nil,
                toolVersion: String? = nil) {
        self.configYAML = configYAML
        self.configName = configName
        self.embedDim = embedDim
        self.sourceFile = sourceFile
        self.sourceSize = sourceSize
        self.sourceFormat = sourceFormat
        self.sourceSHA256 = sourceSHA256
        self.dtype = dtype
        self.toolVersion = toolVersion
    }

    private typealias Key = WeightFileFormat.RootAttribute

    /// Reads and checks the header of an open file; a file of another kind is named as such, with what to do.
    public static func read(from file: HDF5File, path: String) throws -> WeightFileHeader {
        switch try FileKind.of(file) {
        case .weights: break
        case .textEncoder:
            throw FormatError(path: path, attribute: Key.format, "a vvae text-encoder file (T5), not VAE weights; pass it as --text-encoder, and the VAE's weight file as --weights")
        case .some(let other):
            throw FormatError(path: path, attribute: Key.format, "\(other.noun), not VAE weights; make a weight file with vvae-convert")
        case nil:
            throw FormatError(path: path, attribute: Key.format, "an HDF5 file, but not a vvae weight file (no root attribute format = \"\(WeightFileFormat.name)\"); make one with vvae-convert")
        }
        let attributes = try HeaderAttributes(file: file, path: path)
        var header = WeightFileHeader(configYAML: "", configName: "")
        header.formatVersion = try attributes.formatVersion(newest: WeightFileFormat.version, kind: "weight file")
        header.configYAML = try attributes.text(Key.configYAML)
        header.configName = try attributes.optionalText(Key.configName) ?? "unnamed"
        header.embedDim = try attributes.optionalInteger(Key.embedDim, in: 1...maxEmbedDim).map { Int($0) }
        header.sourceFile = try attributes.optionalText(Key.sourceFile)
        header.sourceSize = try attributes.optionalInteger(Key.sourceSize, in: 0...Int64.max)
        header.sourceFormat = try attributes.optionalText(Key.sourceFormat)
        header.sourceSHA256 = try attributes.optionalDigest(Key.sourceSHA256)
        header.dtype = try attributes.optionalText(Key.dtype)
        header.toolVersion = try attributes.optionalText(Key.toolVersion)
        header.tensorCount = try attributes.optionalInteger(Key.tensorCount, in: 0...maxTensorCount)
        header.parameterCount = try attributes.optionalInteger(Key.parameterCount, in: 0...Int64.max)
        return header
    }

    /// The header as (name, value) pairs in the order written; `textAttributes` and `write(to:)` both use it.
    public var attributes: [(name: String, value: HDF5AttributeValue)] {
        var list: [(name: String, value: HDF5AttributeValue)] = [
            (Key.format, .string(WeightFileFormat.name)), (Key.formatVersion, .int64(formatVersion)),
            (Key.configYAML, .string(configYAML)), (Key.configName, .string(configName)),
        ]
        func add(_ name: String, _ value: HDF5AttributeValue?) { if let value { list.append((name, value)) } }
        add(Key.embedDim, embedDim.map { .int64(Int64($0)) })
        add(Key.sourceFile, sourceFile.map { .string($0) })
        add(Key.sourceSize, sourceSize.map { .int64($0) })
        add(Key.sourceFormat, sourceFormat.map { .string($0) })
        add(Key.dtype, dtype.map { .string($0) })
        add(Key.toolVersion, toolVersion.map { .string($0) })
        add(Key.sourceSHA256, sourceSHA256.map { .string($0) })
        add(Key.tensorCount, tensorCount.map { .int64($0) })
        add(Key.parameterCount, parameterCount.map { .int64($0) })
        return list
    }

    public func write(to file: HDF5File) throws {
        for (name, value) in attributes { try file.setAttribute(name, value) }
    }

    /// The same facts as text, for a safetensors file's `__metadata__` (which holds only strings).
    public var textAttributes: [(key: String, value: String)] {
        attributes.map { name, value in
            switch value {
            case .string(let text): (name, text)
            case .int64(let number): (name, String(number))
            case .double, .int64Array, .doubleArray: (name, "\(value)")
            }
        }
    }

    /// Reads the header back from a safetensors file's `__metadata__`; nil when the metadata is not vvae's.
    public static func read(textAttributes metadata: [String: String], path: String) throws -> WeightFileHeader? {
        guard metadata[Key.format] == WeightFileFormat.name, let yaml = metadata[Key.configYAML] else { return nil }
        func integer(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
            guard let text = metadata[name] else { return nil }
            guard let value = Int64(text), range.contains(value) else {
                throw FormatError(path: path, attribute: name, "metadata \(name) = \"\(text.prefix(40))\" is not an integer in \(range.lowerBound)…\(range.upperBound)")
            }
            return value
        }
        var header = WeightFileHeader(configYAML: yaml, configName: metadata[Key.configName] ?? "unnamed")
        header.formatVersion = try integer(Key.formatVersion, in: 1...WeightFileFormat.version) ?? WeightFileFormat.version
        header.embedDim = try integer(Key.embedDim, in: 1...maxEmbedDim).map { Int($0) }
        header.sourceFile = metadata[Key.sourceFile]
        header.sourceSize = try integer(Key.sourceSize, in: 0...Int64.max)
        header.sourceFormat = metadata[Key.sourceFormat]
        if let digest = metadata[Key.sourceSHA256] {
            guard HeaderAttributes.isDigest(digest) else {
                throw FormatError(path: path, attribute: Key.sourceSHA256, "metadata \(Key.sourceSHA256) is not a SHA-256 (64 hex digits)")
            }
            header.sourceSHA256 = digest
        }
        header.dtype = metadata[Key.dtype]
        header.toolVersion = metadata[Key.toolVersion]
        header.tensorCount = try integer(Key.tensorCount, in: 0...maxTensorCount)
        header.parameterCount = try integer(Key.parameterCount, in: 0...Int64.max)
        return header
    }
}
