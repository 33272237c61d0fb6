import VVAEPipeline
import ArgumentParser
import Foundation
import VVAERuntime
import VVAESupport
import VVAEWeights
import VideoIO

/// `vvae decode`: latent → video tensor.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode a VideoVAE+ latent into a video tensor.",
        discussion: """
        LATENT is a float32 .npy as written by `vvae encode`. The output is float32 [B, 3, T, H, W], not clamped \
        (values slightly outside [-1, 1] are what the model produced).

        A latent file (.h5) written by `vvae encode VIDEO -o latents.h5` decodes into a video (or .png/.npy) with the \
        original frame count, size and frame rate, and (for a video output) the source's audio (kept in the latent \
        file; copied untouched, or re-encoded where the container cannot take it); decoding it with other weights \
        than those that made it is refused.

        --tile N / --max-memory SIZE decode overlapping latent tiles and blend their pixels (see `vvae reconstruct \
        --help`), whatever tiling the latent was encoded with.

        Examples:
          vvae decode --weights sota-4-16z.h5 latent.npy -o reconstruction.npy
          vvae decode --weights sota-4-16z.h5 latents.h5 -o clip.mp4
        """
    )

    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup(title: "Spatial tiling (bounded memory for large frames)") var tiling: TilingOptions

    @Argument(help: "Latent tensor (.npy) or latent file (.h5).")
    var latent: String

    @Option(name: .shortAndLong, help: "Where to write the reconstruction: .npy, or for a latent file also a video or .png.")
    var output: String

    @Option(name: .long, help: "Video codec for the output, an ffmpeg encoder name; a .webm output uses libvpx-vp9 unless told otherwise.")
    var codec = "libx264"

    @Option(name: .long, help: "Video output constant rate factor.")
    var crf = 15

    @Flag(name: .long, help: "Image mode: the latent came from `vvae encode --image`.")
    var image = false

    func validate() throws {
        try runtime.checkOutput(output)
        // A latent file decodes into a video, an image or a .npy; a .npy latent into a .npy only.
        try FileNameKind.checkOutput(output, holds: latentIsFile ? [.video, .image, .npy] : [.npy],
                                     suggestion: latentIsFile ? nil : "a .npy latent decodes into a .npy tensor; a latent file (.h5) from `vvae encode VIDEO` decodes into a video")
    }

    private var latentIsFile: Bool { FileNameKind(path: latent) == .hdf5 }

    func run() throws {
        let start = Date()
        runtime.applyThreads()
        _ = try AtomicOutput(destination: output, overwrite: runtime.force)
        // A latent file is read first: it may record the caption the text condition is made from.
        let file = latentIsFile ? try LatentFile.read(latent) : nil
        let (model, text, _) = try runtime.loadModel(.decoding, caption: file.map { .recorded($0.text) } ?? .besideInput(latent))
        if let file {
            try decodeLatentFile(file, model, text)
            if !runtime.quiet { print(ResourceReport.line(since: start)) }
            return
        }
        let z = try Npy.read(at: URL(fileURLWithPath: latent))
        let channels = image ? model.intermediateChannels : model.config.latentChannels
        guard z.rank == 5, z.shape[1] == channels, z.shape.allSatisfy({ $0 > 0 }) else {
            throw InputError(path: latent, "must be a latent [B, \(channels), T, H, W] for these weights, got shape \(z.shape)")
        }
        runtime.status("decoding \(z.shape) …")
        let scale = model.config.spatialCompression
        let frames = z.shape[0] * z.shape[2] * (image ? 1 : model.config.temporalCompression)
        let coder = try tiling.coder(model, weights: runtime.weights, frames: frames, height: z.shape[3] * scale,
                                     width: z.shape[4] * scale, quiet: runtime.quiet)
        let progress = ProgressBar(total: frames, label: "decoding", unit: "frames", quiet: runtime.quiet)
        let video = try coder.decode(z, text: text, maskTemporal: image, progress: progress.shareReport)
        progress.finish()
        try TensorFiles.writeNpy(video, to: output, overwrite: runtime.force)
        if !runtime.quiet {
            print("video \(video.shape) → \(output)")
            print(ResourceReport.line(since: start))
        }
    }

    /// Latent file in: the chunks are decoded as they were encoded, padding dropped, the original size restored.
    private func decodeLatentFile(_ file: LatentFile, _ model: VideoVAEModel, _ text: TextCondition?) throws {
        let weights = try WeightFile(path: runtime.weights)
        let identity = VideoLatentEncoder.WeightsIdentity(weights, path: runtime.weights)
        let decoder = try VideoLatentDecoder(model: model, file: file, path: latent, identity: identity)
        let coder = try tiling.coder(model, weights: runtime.weights, frames: decoder.plan.chunks.first?.count ?? 0,
                                     height: decoder.spatial.paddedHeight, width: decoder.spatial.paddedWidth, quiet: runtime.quiet)
        let progress = ProgressBar(total: file.frameCount, label: "decoding", unit: "frames", quiet: runtime.quiet)
        let summary = try decoder.decode(to: output, coder: coder, text: text, codec: codec, crf: crf, overwrite: runtime.force,
                                         tools: VideoSink.isNpy(output) ? nil : try FFmpegTools.locate(),
                                         notice: { if !runtime.quiet { print($0) } },
                                         progress: progress.positionReport)
        progress.finish()
        if !runtime.quiet { print(summary) }
    }
}
