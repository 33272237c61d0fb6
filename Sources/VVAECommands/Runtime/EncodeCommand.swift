import VVAEFormats
import VVAEPipeline
import ArgumentParser
import Foundation
import VVAERuntime
import VVAESupport
import VVAEWeights
import VideoIO

/// `vvae encode`: video tensor → latent.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode a video tensor into the VideoVAE+ latent.",
        discussion: """
        INPUT is a float32 .npy [B, 3, T, H, W] in [-1, 1] with T a multiple of the temporal compression (4) and H, W \
        multiples of the spatial compression (8 for the shipped models). The latent is the posterior's mode unless \
        --sample draws from it (seeded, so runs repeat). With --image the frames go through the 2+1D path only, \
        as upstream's image mode (mask_temporal).

        INPUT may also be a video or an image: it is then read, resized, normalised, padded and chunked exactly as by \
        `vvae reconstruct`, and with an .h5 output the latent file keeps what decoding needs to give the video back \
        (fps, frame count, size, padding, chunking, the audio streams, and which weights made it).

        --tile N / --max-memory SIZE encode overlapping pixel tiles and blend their latents (see `vvae reconstruct \
        --help`); the stitched latent is the full frame's, so decoding needs no record of the tiling.

        Examples:
          vvae encode --weights sota-4-16z.h5 clip.npy -o latent.npy
          vvae encode --weights sota-4-16z.h5 clip.mp4 -o latents.h5
          vvae encode --weights sota-4-16z-text.h5 --text-encoder t5.h5 clip.mp4 \\
              -o latents.h5
          vvae encode --weights sota-4-4z-text.h5 clip.npy -o latent.npy \\
              --text-embeddings t5.npy --text-mask mask.npy
        """
    )

    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup(title: "Spatial tiling (bounded memory for large frames)") var tiling: TilingOptions

    @Argument(help: "Input: a video tensor (.npy, float32 [B, 3, T, H, W] in [-1, 1]), a video or an image.")
    var input: String

    @Option(name: .shortAndLong, help: "Where to write the latent: .npy, or .h5 (a latent file, for a video input).")
    var output: String

    @OptionGroup(title: "Video size and chunks") var video: VideoChunkingOptions

    @Flag(name: .long, help: "Sample the posteriors instead of taking their mode.")
    var sample = false

    @Option(name: .long, help: "Seed for --sample.")
    var seed: UInt64 = 0

    @Flag(name: .long, help: "Image mode: skip every temporal layer (frames are independent images).")
    var image = false

    func validate() throws {
        try runtime.checkOutput(output)
        // A .npy input gives a .npy latent; a video gives a latent file (HDF5) or a .npy. Never another kind's name.
        let inputIsNpy = FileNameKind(path: input) == .npy
        try FileNameKind.checkOutput(output, holds: inputIsNpy ? [.npy] : [.hdf5, .npy],
                                     suggestion: inputIsNpy ? "a .npy input encodes into a .npy latent" : "a video encodes into a latent file (.h5) or a .npy latent")
        if sample && tiling.isRequested {
            throw ValidationError("--sample cannot be combined with --tile or --max-memory: tiles would draw correlated noise; tiling encodes the posterior's mode")
        }
    }

    /// Video in: chunks encoded independently (as upstream), their latents joined along time.
    private func encodeVideo(_ model: VideoVAEModel, _ text: TextCondition?, _ record: LatentTextRecord?, probe: VideoProbe?) throws {
        let settings = VideoLatentEncoder.Settings(cap: try video.cap(), chunkFrames: video.chunkFrames,
                                                   chunkOverlap: video.chunkOverlap, sampleSeed: sample ? seed : nil)
        let encoder = VideoLatentEncoder(model: model, weights: .init(try WeightFile(path: runtime.weights)),
                                         settings: settings, tools: try FFmpegTools.locate())
        var source = try video.checked(for: input) { try encoder.open(input, probe: probe) }
        if !runtime.quiet { print("input: \(source.probe.description)") }
        let coder = try tiling.coder(model, weights: runtime.weights, frames: source.plan.chunks.first?.count ?? 0,
                                     height: source.spatial.paddedHeight, width: source.spatial.paddedWidth, quiet: runtime.quiet)
        let progress = ProgressBar(total: source.plan.frameCount, label: "encoding", unit: "frames", quiet: runtime.quiet)
        let file = try encoder.encode(&source, path: input, coder: coder, text: text, record: record,
                                      keepAudio: FileNameKind(path: output) != .npy, progress: progress.positionReport)
        progress.finish()
        if FileNameKind(path: output) == .npy {
            try TensorFiles.writeNpy(file.latent, to: output, overwrite: runtime.force)
        } else {
            try file.write(to: output, overwrite: runtime.force)
        }
        if !runtime.quiet { print("latent \(file.latent.shape) → \(output)") }
    }

    func run() throws {
        let start = Date()
        runtime.applyThreads()
        _ = try AtomicOutput(destination: output, overwrite: runtime.force)
        let inputIsVideo = FileNameKind(path: input) != .npy
        // A bad video is refused before the model is loaded.
        let probe = inputIsVideo ? try VideoProbe(path: input) : nil
        let (model, text, record) = try runtime.loadModel(.encoding, caption: .besideInput(input))
        if inputIsVideo {
            try encodeVideo(model, text, record, probe: probe)
            if !runtime.quiet { print(ResourceReport.line(since: start)) }
            return
        }
        let x = try TensorFiles.readVideo(input, frameMultiple: image ? 1 : model.config.temporalCompression,
                                          sizeMultiple: model.config.spatialCompression)
        runtime.status("encoding \(x.shape) …")
        let latent: Tensor
        if sample {
            latent = try model.encode(x, text: text, sampling: .seeded(seed), maskTemporal: image).latent
        } else {
            let frames = x.shape[0] * x.shape[2]
            let coder = try tiling.coder(model, weights: runtime.weights, frames: frames,
                                         height: x.shape[3], width: x.shape[4], quiet: runtime.quiet)
            let progress = ProgressBar(total: frames, label: "encoding", unit: "frames", quiet: runtime.quiet)
            latent = try coder.encode(x, text: text, maskTemporal: image, progress: progress.shareReport)
            progress.finish()
        }
        try TensorFiles.writeNpy(latent, to: output, overwrite: runtime.force)
        if !runtime.quiet {
            print("latent \(latent.shape) → \(output)")
            print(ResourceReport.line(since: start))
        }
    }
}
