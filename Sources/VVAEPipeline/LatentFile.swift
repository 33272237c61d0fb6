import Foundation
import HDF5Kit
import VideoIO
import VVAERuntime
import VVAESupport

/// A latent saved from a video: the `/latent` dataset plus what decoding needs to give the video back as it was —
/// frame rate, frame count, size, padding, chunking, the audio — and which weights made it.
public struct LatentFile {
    public static let format = "vvae-latent"
    /// Version 1: chunks without overlap. Version 2 (`--chunk-overlap`) adds `chunk_overlap`; a file whose overlap
    /// is 0 is still written as version 1, so every earlier vvae build reads the default output.
    public static let version: Int64 = 2
    /// Frame sides beyond this (16K plus padding) are corrupt values, not videos.
    public static let maxSide = 16_448

    public var latent: Tensor
    public var frameRate: FrameRate
    public var frameCount: Int
    public var width: Int
    public var height: Int
    public var paddedWidth: Int
    public var paddedHeight: Int
    public var chunkFrames: Int
    /// Frames consecutive chunks share (0: upstream's independent chunks).
    public var chunkOverlap: Int = 0
    public var imageMode: Bool
    /// The weight file's `source_sha256` and `config_name`: decoding with other weights is refused.
    public var weightsSourceSHA256: String
    public var configName: String
    public var sourceFile: String
    /// The source video's audio, for `vvae decode` to put back; nil when it had none.
    public var audio: LatentAudio? = nil
    /// The caption conditioning of a text-guided model, for `vvae decode` to make again; nil without text.
    public var text: LatentTextRecord? = nil

    public init(latent: Tensor, frameRate: FrameRate, frameCount: Int, width: Int, height: Int, paddedWidth: Int,
                paddedHeight: Int, chunkFrames: Int, imageMode: Bool, weightsSourceSHA256: String, configName: String,
                sourceFile: String, chunkOverlap: Int = 0, audio: LatentAudio? = nil, text: LatentTextRecord? = nil) {
        self.latent = latent
        self.frameRate = frameRate
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
        self.audio = audio
        self.text = text
    }

    public func write(to path: String, overwrite: Bool) throws {
        let output = try AtomicOutput(destination: path, overwrite: overwrite)
        let file = try HDF5File.create(atPath: output.temporaryPath, mode: .truncate)
        try file.writeDataset("/latent", shape: latent.shape, values: latent.scalars)
        let attributes: [(String, HDF5AttributeValue)] = [
            ("format", .string(Self.format)), ("format_version", .int64(chunkOverlap == 0 ? 1 : Self.version)),
            ("fps_numerator", .int64(Int64(frameRate.numerator))), ("fps_denominator", .int64(Int64(frameRate.denominator))),
            ("frame_count", .int64(Int64(frameCount))), ("width", .int64(Int64(width))), ("height", .int64(Int64(height))),
            ("padded_width", .int64(Int64(paddedWidth))), ("padded_height", .int64(Int64(paddedHeight))),
            ("chunk_frames", .int64(Int64(chunkFrames))), ("image_mode", .int64(imageMode ? 1 : 0)),
            ("weights_source_sha256", .string(weightsSourceSHA256)), ("config_name", .string(configName)),
            ("source_file", .string(sourceFile)),
        ]
        for (name, value) in attributes { try file.setAttribute(name, value) }
        if chunkOverlap != 0 { try file.setAttribute("chunk_overlap", .int64(Int64(chunkOverlap))) }
        try audio?.write(to: file)
        try text?.write(to: file)
        try file.close()
        try output.commit()
    }

    public static func read(_ path: String) throws -> LatentFile {
        let file = try HDF5File.open(atPath: path)
        guard try file.hasAttribute("format"), try file.stringAttribute("format") == format else {
            throw InputError(path: path, "is not a vvae latent file (no format = \"\(format)\" attribute); make one with `vvae encode VIDEO -o latent.h5`")
        }
        /// Every number is untrusted: read within the range a real latent file can hold, else named as wrong.
        func int(_ name: String, in range: ClosedRange<Int> = 0...ChunkPlan.maxFrames) throws -> Int {
            let value = try file.int64Attribute(name)
            guard value >= Int64(range.lowerBound), value <= Int64(range.upperBound) else {
                throw InputError(path: path, "attribute \(name) = \(value) is outside \(range.lowerBound)…\(range.upperBound)")
            }
            return Int(value)
        }
        let version = try int("format_version", in: 1...Int(Self.version))
        let overlap = version >= 2 ? try int("chunk_overlap", in: 0...ChunkPlan.maxFrames) : 0
        let size = 1...LatentFile.maxSide
        guard let rate = FrameRate(numerator: try int("fps_numerator", in: 1...Int(Int32.max)),
                                   denominator: try int("fps_denominator", in: 1...Int(Int32.max))) else {
            throw InputError(path: path, "has an invalid frame rate")
        }
        let info = try file.datasetInfo("/latent")
        return LatentFile(latent: try Tensor(shape: info.shape, scalars: try file.readFloat32("/latent")), frameRate: rate,
                          frameCount: try int("frame_count", in: 1...ChunkPlan.maxFrames), width: try int("width", in: size),
                          height: try int("height", in: size),
                          paddedWidth: try int("padded_width", in: size), paddedHeight: try int("padded_height", in: size),
                          chunkFrames: try int("chunk_frames", in: 1...ChunkPlan.maxFrames), imageMode: try int("image_mode", in: 0...1) == 1,
                          weightsSourceSHA256: try file.stringAttribute("weights_source_sha256"),
                          configName: try file.stringAttribute("config_name"), sourceFile: try file.stringAttribute("source_file"),
                          chunkOverlap: overlap, audio: try LatentAudio.read(from: file), text: try LatentTextRecord.read(from: file, path: path))
    }
}
