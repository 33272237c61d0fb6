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
        """
    )

    @Argument(help: "A video, an image, or a latent file (.h5).")
    var input: String

    @Option(name: .long, help: "Weight file whose model decides the latent shape (default: the shipped 16z).")
    var weights: String?

    @Option(name: .long, help: "Largest frame size HxW (upstream rule).")
    var resolution = "720x1280"

    func run() throws {
        if URL(fileURLWithPath: input).pathExtension.lowercased() == "h5" {
            // The header is enough: the latent of a long video can be large.
            let file = try LatentFile.readHeader(input)
            let rate = FrameRate(numerator: file.fpsNumerator, denominator: file.fpsDenominator).map { "\($0)" } ?? "\(file.fpsNumerator)/\(file.fpsDenominator)"
            print("\(input): latent \(file.latentShape) of \(CountText.of(file.frameCount, "frame")), \(file.width)x\(file.height) at \(rate) fps")
            print("made from \(file.sourceFile) with \(file.configName) (checkpoint SHA-256 \(file.weightsSourceSHA256.prefix(16))…), chunks of \(CountText.of(file.chunkFrames, "frame"))\(file.chunkOverlap > 0 ? ", overlapping by \(file.chunkOverlap)" : "")")
            print(file.audioByteCount.map { "audio: \(file.audioCodecs.joined(separator: ", ")) (\($0) bytes), restored by vvae decode" } ?? "no audio")
            return
        }
        let probe = try VideoProbe(path: input)
        print("\(input): \(probe.description)")
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
        print("model input \(size.width)x\(size.height)" + (spatial.paddedWidth != size.width || spatial.paddedHeight != size.height
              ? " (padded to \(spatial.paddedWidth)x\(spatial.paddedHeight))" : "")
              + ", \(CountText.of(plan.paddedFrameCount, "frame"))" + (plan.paddingFrames > 0 ? " (\(plan.paddingFrames) repeated)" : ""))
        print("latent shape \(latent) with \(weights ?? "the shipped 16z model")")
    }
}
