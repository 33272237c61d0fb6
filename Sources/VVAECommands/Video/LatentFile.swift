import Foundation
import HDF5Kit
import VideoIO
import VVAERuntime
import VVAESupport

/// A latent saved from a video: the `/latent` dataset plus what decoding needs to give the video back as it was —
/// frame rate, frame count, size, padding, chunking, the audio — and which weights made it.
struct LatentFile {
    static let format = "vvae-latent"
    static let version: Int64 = 1

    var latent: Tensor
    var frameRate: FrameRate
    var frameCount: Int
    var width: Int
    var height: Int
    var paddedWidth: Int
    var paddedHeight: Int
    var chunkFrames: Int
    var imageMode: Bool
    /// The weight file's `source_sha256` and `config_name`: decoding with other weights is refused.
    var weightsSourceSHA256: String
    var configName: String
    var sourceFile: String
    /// The source video's audio, for `vvae decode` to put back; nil when it had none.
    var audio: LatentAudio? = nil

    func write(to path: String, overwrite: Bool) throws {
        let output = try AtomicOutput(destination: path, overwrite: overwrite)
        let file = try HDF5File.create(atPath: output.temporaryPath, mode: .truncate)
        try file.writeDataset("/latent", shape: latent.shape, values: latent.scalars)
        let attributes: [(String, HDF5AttributeValue)] = [
            ("format", .string(Self.format)), ("format_version", .int64(Self.version)),
            ("fps_numerator", .int64(Int64(frameRate.numerator))), ("fps_denominator", .int64(Int64(frameRate.denominator))),
            ("frame_count", .int64(Int64(frameCount))), ("width", .int64(Int64(width))), ("height", .int64(Int64(height))),
            ("padded_width", .int64(Int64(paddedWidth))), ("padded_height", .int64(Int64(paddedHeight))),
            ("chunk_frames", .int64(Int64(chunkFrames))), ("image_mode", .int64(imageMode ? 1 : 0)),
            ("weights_source_sha256", .string(weightsSourceSHA256)), ("config_name", .string(configName)),
            ("source_file", .string(sourceFile)),
        ]
        for (name, value) in attributes { try file.setAttribute(name, value) }
        try audio?.write(to: file)
        try file.close()
        try output.commit()
    }

    static func read(_ path: String) throws -> LatentFile {
        let file = try HDF5File.open(atPath: path)
        guard try file.hasAttribute("format"), try file.stringAttribute("format") == format else {
            throw InputError(path: path, "is not a vvae latent file (no format = \"\(format)\" attribute); make one with `vvae encode VIDEO -o latent.h5`")
        }
        func int(_ name: String) throws -> Int { Int(try file.int64Attribute(name)) }
        guard let rate = FrameRate(numerator: try int("fps_numerator"), denominator: try int("fps_denominator")) else {
            throw InputError(path: path, "has an invalid frame rate")
        }
        let info = try file.datasetInfo("/latent")
        return LatentFile(latent: try Tensor(shape: info.shape, scalars: try file.readFloat32("/latent")), frameRate: rate,
                          frameCount: try int("frame_count"), width: try int("width"), height: try int("height"),
                          paddedWidth: try int("padded_width"), paddedHeight: try int("padded_height"),
                          chunkFrames: try int("chunk_frames"), imageMode: try int("image_mode") == 1,
                          weightsSourceSHA256: try file.stringAttribute("weights_source_sha256"),
                          configName: try file.stringAttribute("config_name"), sourceFile: try file.stringAttribute("source_file"),
                          audio: try LatentAudio.read(from: file))
    }
}
