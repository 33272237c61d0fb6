import Foundation
import HDF5Kit
import VideoIO
import VVAEFormats
import VVAERuntime
import VVAESupport

/// A latent saved from a video: the `/latent` dataset plus what decoding needs to give the video back as it was —
/// frame rate, frame count, size, padding, chunking, the audio — and which weights made it. The root attributes are
/// one `LatentFileHeader` (Docs/FORMAT.md); this type adds the latent and the audio bytes.
public struct LatentFile {
    public static let format = LatentFileHeader.kind.rawValue
    public static let version = LatentFileHeader.version
    public static let maxSide = LatentFileHeader.maxSide

    public var header: LatentFileHeader
    public var latent: Tensor
    /// The header's `fps_numerator / fps_denominator`, as a rate (checked when read; written back by `write`).
    public var frameRate: FrameRate
    /// The source video's audio, for `vvae decode` to put back; nil when it had none.
    public var audio: LatentAudio?

    public init(latent: Tensor, frameRate: FrameRate, frameCount: Int, width: Int, height: Int, paddedWidth: Int,
                paddedHeight: Int, chunkFrames: Int, imageMode: Bool, weightsSourceSHA256: String, configName: String,
                sourceFile: String, weightsSourceFile: String? = nil, chunkOverlap: Int = 0, audio: LatentAudio? = nil,
                text: LatentTextRecord? = nil) {
        header = LatentFileHeader(fpsNumerator: frameRate.numerator, fpsDenominator: frameRate.denominator,
                                  frameCount: frameCount, width: width, height: height, paddedWidth: paddedWidth,
                                  paddedHeight: paddedHeight, chunkFrames: chunkFrames, chunkOverlap: chunkOverlap,
                                  imageMode: imageMode, weightsSourceSHA256: weightsSourceSHA256, configName: configName,
                                  sourceFile: sourceFile, audioCodecs: audio?.codecs ?? [], text: text, latentShape: latent.shape)
        header.weightsSourceFile = weightsSourceFile
        self.latent = latent
        self.frameRate = frameRate
        self.audio = audio
    }

    public init(header: LatentFileHeader, frameRate: FrameRate, latent: Tensor, audio: LatentAudio?) {
        self.header = header
        self.frameRate = frameRate
        self.latent = latent
        self.audio = audio
    }
    public var frameCount: Int { header.frameCount }
    public var width: Int { header.width }
    public var height: Int { header.height }
    public var paddedWidth: Int { header.paddedWidth }
    public var paddedHeight: Int { header.paddedHeight }
    public var chunkFrames: Int { header.chunkFrames }
    /// Frames consecutive chunks share (0: upstream's independent chunks).
    public var chunkOverlap: Int { header.chunkOverlap }
    public var imageMode: Bool { header.imageMode }
    /// The weight file's `source_sha256` and `config_name`: decoding with other weights is refused.
    public var weightsSourceSHA256: String { header.weightsSourceSHA256 }
    public var configName: String { header.configName }
    public var sourceFile: String { header.sourceFile }
    /// The caption conditioning of a text-guided model, for `vvae decode` to make again; nil without text.
    public var text: LatentTextRecord? { header.text }

    public func write(to path: String, overwrite: Bool) throws {
        let output = try AtomicOutput(destination: path, overwrite: overwrite)
        let file = try HDF5File.create(atPath: output.temporaryPath, mode: .truncate)
        try file.writeDataset(LatentFileHeader.latentDataset, shape: latent.shape, values: latent.scalars)
        var header = header
        header.audioCodecs = audio?.codecs ?? []
        (header.fpsNumerator, header.fpsDenominator) = (frameRate.numerator, frameRate.denominator)
        try header.write(to: file)
        try audio?.write(to: file)
        try file.close()
        try output.commit()
    }

    /// The header alone (no latent read): what `vvae info` and `encode-batch`'s resume check need.
    public static func readHeader(_ path: String) throws -> LatentFileHeader {
        try LatentFileHeader.read(path: path)
    }

    public static func read(_ path: String) throws -> LatentFile {
        let file = try HDF5File.open(atPath: path)
        let header = try LatentFileHeader.read(from: file, path: path)
        guard let rate = FrameRate(numerator: header.fpsNumerator, denominator: header.fpsDenominator) else {
            throw InputError(path: path, "has an invalid frame rate")
        }
        let latent = try Tensor(shape: header.latentShape, scalars: try file.readFloat32(LatentFileHeader.latentDataset))
        return LatentFile(header: header, frameRate: rate, latent: latent,
                          audio: try LatentAudio.read(from: file, codecs: header.audioCodecs))
    }
}
