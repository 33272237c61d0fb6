import VVAEFormats
import VVAEPipeline
import ArgumentParser
import Foundation
import VideoIO
import VideoVAEConfig
import VVAEWeights
import VVAESupport

/// `vvae info`: what a video (or latent file) is, and the latent it will have.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a video's frames, fps and size, and the latent shape it will encode to.",
        discussion: """
        The latent shape follows the model of --weights, or the shipped 16z model without it, after the same resize \
        (--resolution), frame padding and size padding that `vvae reconstruct` applies.

        Examples:
          vvae info clip.mp4
          vvae info clip.mp4 --weights sota-4-4z.h5
          vvae info latents.h5
          vvae info clip.mp4 --json
        """
    )

    @Argument(help: "A video, an image, or a latent file (.h5).")
    var input: String

    @Option(name: .long, help: "Weight file whose model decides the latent shape (default: the shipped 16z).")
    var weights: String?

    @Option(name: .long, help: "Largest frame size HxW (upstream rule).")
    var resolution = "720x1280"

    @Flag(name: .long, help: "Print JSON instead (schema in Docs/JSON.md).")
    var json = false

    func run() throws {
        if URL(fileURLWithPath: input).pathExtension.lowercased() == "h5" {
            // The header is enough: the latent of a long video can be large.
            let file = try LatentFile.readHeader(input)
            print(json ? latentJSON(file).serialized(pretty: true) : latentLines(file))
            return
        }
        let probe = try VideoProbe(path: input)
        let config: VideoVAEModelConfig
        if let weights {
            let file = try WeightFile(path: weights)
            config = try VideoVAEModelConfig(yamlText: file.configYAML, sourceName: weights)
        } else {
            config = try ShippedModelConfig.z16.load()
        }
        let cap = try VideoOptions.parseResolution(resolution)
        let size = FrameResize.capped(maxWidth: cap.width, maxHeight: cap.height).targetSize(width: probe.width, height: probe.height)
        let spatial = SpatialPlan(width: size.width, height: size.height, multiple: config.spatialCompression)
        let temporal = probe.isImage ? 1 : config.temporalCompression
        // Upstream's default chunk of 16 frames, or one temporal step for models that compress time more.
        let plan = try ChunkPlan(frameCount: probe.frameCount, chunkFrames: max(temporal, 16 / temporal * temporal), temporalMultiple: temporal)
        let latent = [1, config.latentChannels, plan.paddedFrameCount / temporal,
                      spatial.paddedHeight / config.spatialCompression, spatial.paddedWidth / config.spatialCompression]
        if json {
            print(videoJSON(probe, size: size, spatial: spatial, plan: plan, latent: latent).serialized(pretty: true))
            return
        }
        print("\(input): \(probe.description)")
        print("model input \(size.width)x\(size.height)" + (spatial.paddedWidth != size.width || spatial.paddedHeight != size.height
              ? " (padded to \(spatial.paddedWidth)x\(spatial.paddedHeight))" : "")
              + ", \(CountText.of(plan.paddedFrameCount, "frame"))" + (plan.paddingFrames > 0 ? " (\(plan.paddingFrames) repeated)" : ""))
        print("latent shape \(latent) with \(weights ?? "the shipped 16z model")")
    }

    private func latentLines(_ file: LatentFileHeader) -> String {
        let rate = FrameRate(numerator: file.fpsNumerator, denominator: file.fpsDenominator).map { "\($0)" } ?? "\(file.fpsNumerator)/\(file.fpsDenominator)"
        return ["\(input): latent \(file.latentShape) of \(CountText.of(file.frameCount, "frame")), \(file.width)x\(file.height) at \(rate) fps",
                "made from \(file.sourceFile) with \(file.configName) (checkpoint SHA-256 \(file.weightsSourceSHA256.prefix(16))…), chunks of \(CountText.of(file.chunkFrames, "frame"))\(file.chunkOverlap > 0 ? ", overlapping by \(file.chunkOverlap)" : "")",
                file.audioByteCount.map { "audio: \(file.audioCodecs.joined(separator: ", ")) (\($0) bytes), restored by vvae decode" } ?? "no audio"]
            .joined(separator: "\n")
    }

    /// The `vvae-info` document of a latent file (`"kind": "latent"`).
    private func latentJSON(_ file: LatentFileHeader) -> JSONValue {
        var audio = JSONValue.null
        if let bytes = file.audioByteCount {
            audio = .object([("codecs", .array(file.audioCodecs.map(JSONValue.string))), ("bytes", .integer(bytes))])
        }
        return JSONDocument.info.make([
            ("file", .string(input)),
            ("kind", .string("latent")),
            ("frames", .integer(file.frameCount)),
            ("width", .integer(file.width)),
            ("height", .integer(file.height)),
            ("fps", JSONValue.frameRate(numerator: file.fpsNumerator, denominator: file.fpsDenominator)),
            ("image_mode", .bool(file.imageMode)),
            ("latent_shape", .integers(file.latentShape)),
            ("source_file", .string(file.sourceFile)),
            ("config", .string(file.configName)),
            ("weights_sha256", .string(file.weightsSourceSHA256)),
            ("weights_source_file", .text(file.weightsSourceFile)),
            ("chunk_frames", .integer(file.chunkFrames)),
            ("chunk_overlap", .integer(file.chunkOverlap)),
            ("caption", .text(file.text?.caption)),
            ("audio", audio),
        ])
    }

    /// The `vvae-info` document of a video or image (`"kind": "video"` or `"image"`): what it is and what the model
    /// will see.
    private func videoJSON(_ probe: VideoProbe, size: (width: Int, height: Int), spatial: SpatialPlan, plan: ChunkPlan,
                           latent: [Int]) -> JSONValue {
        JSONDocument.info.make([
            ("file", .string(input)),
            ("kind", .string(probe.isImage ? "image" : "video")),
            ("frames", .integer(probe.frameCount)),
            ("width", .integer(probe.width)),
            ("height", .integer(probe.height)),
            ("fps", JSONValue.frameRate(numerator: probe.frameRate.numerator, denominator: probe.frameRate.denominator)),
            ("duration_seconds", .number(probe.duration)),
            ("codec", .string(probe.videoCodec)),
            ("pixel_format", .string(probe.pixelFormat)),
            ("container", .string(probe.containerFormat)),
            ("audio_codec", .text(probe.audioCodec)),
            ("model_input", .object([
                ("width", .integer(size.width)), ("height", .integer(size.height)),
                ("padded_width", .integer(spatial.paddedWidth)), ("padded_height", .integer(spatial.paddedHeight)),
                ("frames", .integer(plan.paddedFrameCount)), ("repeated_frames", .integer(plan.paddingFrames)),
            ])),
            ("latent_shape", .integers(latent)),
            ("weights", .text(weights)),
        ])
    }
}
