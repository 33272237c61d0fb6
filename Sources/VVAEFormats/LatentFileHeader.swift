import HDF5Kit

/// The root attributes of a vvae latent file (Docs/FORMAT.md, "The latent file"), as one value `vvae encode` writes
/// and `decode`, `info` and `encode-batch`'s resume check read back, every number range-checked. Reading the header
/// does not read the latent itself, so checking a file costs a few attribute reads.
///
/// Version 1: chunks without overlap. Version 2 (`--chunk-overlap`) adds `chunk_overlap`; a file whose overlap is 0
/// is still written as version 1, so every earlier vvae build reads the default output.
public struct LatentFileHeader: Sendable, Equatable {
    public static let kind = FileKind.latent
    public static let version: Int64 = 2
    /// The dataset holding the latent (float32, `[1, C, T, H, W]`).
    public static let latentDataset = "/latent"
    /// The dataset holding the source's audio streams (a Matroska file's bytes), when it had audio.
    public static let audioDataset = "/audio"
    /// Frame sides beyond this (16K plus padding) are corrupt values, not videos.
    public static let maxSide = 16_448
    /// More frames than this (100 hours at 28.8 fps) are corrupt values.
    public static let maxFrames = 10_368_000
    /// Longer token lengths are corrupt values (`TextEncoder.maxTokens`).
    public static let maxCaptionTokens = 2048

    public var fpsNumerator: Int
    public var fpsDenominator: Int
    public var frameCount: Int
    public var width: Int
    public var height: Int
    public var paddedWidth: Int
    public var paddedHeight: Int
    public var chunkFrames: Int
    /// Frames consecutive chunks share (0: upstream's independent chunks).
    public var chunkOverlap: Int
    public var imageMode: Bool
    /// The weight file's `source_sha256` (empty for weights without one) and `config_name`.
    public var weightsSourceSHA256: String
    public var configName: String
    /// The checkpoint file name the weight file was converted from (its `source_file`), so that a refusal to decode
    /// with other weights can name both; optional (files before it lack the attribute, and older readers ignore it).
    public var weightsSourceFile: String? = nil
    public var sourceFile: String
    /// Codec names of the audio kept in `/audio`; empty without audio.
    public var audioCodecs: [String]
    /// The caption conditioning of a text-guided model; nil without text.
    public var text: LatentTextRecord?
    /// The shape of `/latent`, from the dataset (not an attribute); filled by `read`, ignored by `write`.
    public var latentShape: [Int]
    /// The size of `/audio` in bytes, from the dataset; filled by `read` (nil without audio), ignored by `write`.
    public var audioByteCount: Int? = nil

    public init(fpsNumerator: Int, fpsDenominator: Int, frameCount: Int, width: Int, height: Int, paddedWidth: Int,
                paddedHeight: Int, chunkFrames: Int, chunkOverlap: Int = 0, imageMode: Bool, weightsSourceSHA256: String,
                configName: String, sourceFile: String, audioCodecs: [String] = [], text: LatentTextRecord? = nil,
                latentShape: [Int] = []) {
        self.fpsNumerator = fpsNumerator
        self.fpsDenominator = fpsDenominator
        self.frameCount = frameCount
        self.width = width
        self.height = height
        self.paddedWidth = paddedWidth
        self.paddedHeight = paddedHeight
        self.chunkFrames = chunkFrames
        self.chunkOverlap = chunkOverlap
        self.imageMode = imageMode
        self.weightsSourceSHA256 = weightsSourceSHA256
        self.configName = configName
        self.sourceFile = sourceFile
        self.audioCodecs = audioCodecs
        self.text = text
        self.latentShape = latentShape
    }

    /// The version this header is written as: the oldest that holds it.
    public var formatVersion: Int64 { chunkOverlap == 0 ? 1 : 2 }

    public enum Attribute {
        public static let fpsNumerator = "fps_numerator"
        public static let fpsDenominator = "fps_denominator"
        public static let frameCount = "frame_count"
        public static let width = "width"
        public static let height = "height"
        public static let paddedWidth = "padded_width"
        public static let paddedHeight = "padded_height"
        public static let chunkFrames = "chunk_frames"
        public static let chunkOverlap = "chunk_overlap"
        public static let imageMode = "image_mode"
        public static let weightsSourceSHA256 = "weights_source_sha256"
        public static let configName = "config_name"
        public static let weightsSourceFile = "weights_source_file"
        public static let sourceFile = "source_file"
        public static let audioCodecs = "audio_codecs"
    }

    public func write(to file: HDF5File) throws {
        typealias Key = Attribute
        let list: [(String, HDF5AttributeValue)] = [
            (FormatAttribute.format, .string(Self.kind.rawValue)), (FormatAttribute.formatVersion, .int64(formatVersion)),
            (Key.fpsNumerator, .int64(Int64(fpsNumerator))), (Key.fpsDenominator, .int64(Int64(fpsDenominator))),
            (Key.frameCount, .int64(Int64(frameCount))), (Key.width, .int64(Int64(width))), (Key.height, .int64(Int64(height))),
            (Key.paddedWidth, .int64(Int64(paddedWidth))), (Key.paddedHeight, .int64(Int64(paddedHeight))),
            (Key.chunkFrames, .int64(Int64(chunkFrames))), (Key.imageMode, .int64(imageMode ? 1 : 0)),
            (Key.weightsSourceSHA256, .string(weightsSourceSHA256)), (Key.configName, .string(configName)),
            (Key.sourceFile, .string(sourceFile)),
        ]
        for (name, value) in list { try file.setAttribute(name, value) }
        if chunkOverlap != 0 { try file.setAttribute(Key.chunkOverlap, .int64(Int64(chunkOverlap))) }
        if let weightsSourceFile, !weightsSourceFile.isEmpty {
            try file.setAttribute(Key.weightsSourceFile, .string(weightsSourceFile))
        }
        if !audioCodecs.isEmpty { try file.setAttribute(Key.audioCodecs, .string(audioCodecs.joined(separator: ","))) }
        try text?.write(to: file)
    }

    /// Opens `path` and reads its header (not the latent).
    public static func read(path: String) throws -> LatentFileHeader {
        try read(from: try HDF5File.open(atPath: path), path: path)
    }

    public static func read(from file: HDF5File, path: String) throws -> LatentFileHeader {
        guard try FileKind.of(file) == .latent else {
            let kind = try FileKind.of(file).map { "\($0.noun), not a latent file" } ?? "not a vvae latent file (no format = \"\(Self.kind.rawValue)\" attribute)"
            throw FormatError(path: path, attribute: FormatAttribute.format, "is \(kind); make one with `vvae encode VIDEO -o latent.h5`")
        }
        typealias Key = Attribute
        let attributes = try HeaderAttributes(file: file, path: path)
        let version = try attributes.formatVersion(newest: Self.version, kind: "latent file")
        let frames = 1...Self.maxFrames
        let side = 1...Self.maxSide
        let rate = 1...Int(Int32.max)
        var header = LatentFileHeader(
            fpsNumerator: try attributes.int(Key.fpsNumerator, in: rate), fpsDenominator: try attributes.int(Key.fpsDenominator, in: rate),
            frameCount: try attributes.int(Key.frameCount, in: frames),
            width: try attributes.int(Key.width, in: side), height: try attributes.int(Key.height, in: side),
            paddedWidth: try attributes.int(Key.paddedWidth, in: side), paddedHeight: try attributes.int(Key.paddedHeight, in: side),
            chunkFrames: try attributes.int(Key.chunkFrames, in: frames),
            chunkOverlap: version >= 2 ? try attributes.int(Key.chunkOverlap, in: 0...Self.maxFrames) : 0,
            imageMode: try attributes.flag(Key.imageMode),
            weightsSourceSHA256: try attributes.digest(Key.weightsSourceSHA256, allowEmpty: true),
            configName: try attributes.text(Key.configName), sourceFile: try attributes.text(Key.sourceFile),
            audioCodecs: (try attributes.optionalText(Key.audioCodecs) ?? "").split(separator: ",").map(String.init),
            text: try LatentTextRecord.read(from: attributes))
        header.weightsSourceFile = try attributes.optionalText(Key.weightsSourceFile)
        guard header.paddedWidth >= header.width, header.paddedHeight >= header.height else {
            throw FormatError(path: path, "padded size \(header.paddedWidth)x\(header.paddedHeight) is smaller than the frame size \(header.width)x\(header.height)")
        }
        guard try file.objectKind(at: latentDataset) == .dataset else {
            throw FormatError(path: path, "has no \(latentDataset) dataset")
        }
        let shape = try file.datasetInfo(latentDataset).shape
        guard shape.count == 5, shape[0] == 1, shape.allSatisfy({ $0 > 0 }) else {
            throw FormatError(path: path, "\(latentDataset) has shape \(shape), not [1, C, T, H, W]")
        }
        header.latentShape = shape
        if try file.objectKind(at: audioDataset) == .dataset {
            header.audioByteCount = try file.datasetInfo(audioDataset).elementCount
        }
        return header
    }
}
