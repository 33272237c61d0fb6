import VVAEPipeline
import ArgumentParser
import Foundation
import VideoIO
import VVAERuntime
import VVAESupport

/// `vvae reconstruct`: video (or image, or .npy) in, reconstruction out — upstream's inference script without Python.
struct ReconstructCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconstruct",
        abstract: "Encode and decode a video, an image or a .npy clip; write the reconstruction.",
        discussion: """
        Follows upstream's inference script: frames are resized to (min(H, h), min(W, w)) for --resolution HxW \
        (default 720x1280), normalised with (x/255 - 0.5)*2, the frame count is padded to a multiple of 4 by \
        repeating the last frame, and chunks of --chunk-frames frames run independently through encode and decode \
        (mode of the posterior). Sizes that are not multiples of the model's spatial factor are padded (replicate) and \
        cropped back. The output keeps the input's frame count, size and exact frame rate, and (for a video written \
        from a video) its audio, copied untouched when the output container takes its codec and re-encoded \
        otherwise (AAC in .mp4/.mov/.mkv, Opus in .webm; the output says so). Videos are read and written with the \
        ffmpeg program. --metrics compares the 8-bit frames before the output is compressed: PSNR over all samples, \
        SSIM (Wang et al. 2004, 11x11 Gaussian window, sigma 1.5) averaged over R, G, B and frames.

        --tile N cuts every chunk into overlapping NxN pixel tiles for the encoder and the matching latent tiles for \
        the decoder, blending --tile-overlap pixels at the seams linearly; --max-memory 4G picks the largest tile \
        whose estimated peak memory fits instead. Tiled output differs slightly from untiled (the models' group \
        norms see one tile at a time); Docs/TILING.md has the measured differences.

        OUT by extension: a video (.mp4 .mkv .mov .webm .avi; H.264 yuv420p at --crf), .png (an image input), or .npy \
        (float32 [1, 3, T, H, W], before clamping).

        Examples:
          vvae reconstruct --weights sota-4-16z.h5 clip.mp4 -o clip-rec.mp4 --metrics
          vvae reconstruct --weights sota-4-16z.h5 clip.mp4 -o clip-rec.mp4 \\
              --metrics --json > clip-rec.json
          vvae reconstruct --weights sota-4-16z.h5 photo.png -o photo-rec.png
          vvae reconstruct --weights sota-4-16z.h5 1080p.mp4 -o 1080p-rec.mp4 \\
              --max-memory 4G
        """
    )

    @OptionGroup var runtime: RuntimeOptions

    @OptionGroup(title: "Spatial tiling (bounded memory for large frames)") var tiling: TilingOptions

    @Argument(help: "Input: a video, an image (.png/.jpg, image mode) or a .npy tensor [1, 3, T, H, W].")
    var input: String

    @Option(name: .shortAndLong, help: "Output: a video, .png or .npy.")
    var output: String

    @OptionGroup(title: "Video size and chunks") var video: VideoChunkingOptions

    @Option(name: .long, help: "Video codec for the output, an ffmpeg encoder name; a .webm output uses libvpx-vp9 unless told otherwise.")
    var codec = "libx264"

    @Option(name: .long, help: "Constant rate factor for the output video.")
    var crf = 15

    @Flag(name: .long, help: "Print PSNR and SSIM between input and reconstruction (per chunk too, on a terminal).")
    var metrics = false

    @Flag(name: .long, help: "Print one JSON document instead of the report lines: the output written and, with --metrics, PSNR and SSIM overall and per chunk (schema in Docs/JSON.md).")
    var json = false

    func validate() throws {
        try runtime.checkOutput(output)
        if FileNameKind(path: input) == .npy {
            try FileNameKind.checkOutput(output, holds: [.npy], suggestion: "a .npy input reconstructs into a .npy output")
        } else {
            try FileNameKind.checkOutput(output, holds: [.video, .image, .npy])
        }
        guard FileManager.default.fileExists(atPath: input) else { throw ValidationError("\(input): no such file") }
    }

    private var outputIsNpy: Bool { URL(fileURLWithPath: output).pathExtension.lowercased() == "npy" }

    /// Whether the human report lines are printed: not with --quiet, and not with --json (standard output then
    /// holds the document alone).
    private var reports: Bool { !runtime.quiet && !json }

    /// What the run wrote and measured, for `--json`.
    private struct Outcome {
        var frames = 0
        var width = 0
        var height = 0
        var frameRate: FrameRate?
        var chunks = 0
        var measured: [(chunk: Int, frames: Range<Int>, QualityMeter.Measurement)] = []
        var total: QualityMeter.Measurement?
    }

    func run() throws {
        let start = Date()
        runtime.applyThreads()
        if !outputIsNpy { _ = try OutputContainer(path: output) }
        _ = try AtomicOutput(destination: output, overwrite: runtime.force)
        let inputIsNpy = URL(fileURLWithPath: input).pathExtension.lowercased() == "npy"
        // A bad video is refused before the model is loaded.
        let probe = inputIsNpy ? nil : try VideoProbe(path: input)
        var loading = runtime
        loading.quiet = !reports
        let (model, text, _) = try loading.loadModel(caption: .besideInput(input))
        let outcome = inputIsNpy ? try reconstructTensor(model, text) : try reconstructVideo(model, text, probe: probe)
        if reports { print(ResourceReport.line(since: start)) }
        if json { print(document(outcome, seconds: Date().timeIntervalSince(start)).serialized(pretty: true)) }
    }

    /// The `vvae-reconstruct` document (Docs/JSON.md).
    private func document(_ outcome: Outcome, seconds: Double) -> JSONValue {
        func measurement(_ value: QualityMeter.Measurement) -> [(String, JSONValue)] {
            [("psnr_db", .number(value.psnr)), ("ssim", .number(value.ssim))]
        }
        let metricsValue: JSONValue = outcome.total.map { total in
            .object([("frames", .integer(total.frames))] + measurement(total) + [
                ("measured_on", .string(FileNameKind(path: output) == .image ? "8-bit RGB" : "8-bit RGB before video compression")),
                ("chunks", .array(outcome.measured.map { entry in
                    .object([("index", .integer(entry.chunk)), ("first_frame", .integer(entry.frames.lowerBound)),
                             ("frames", .integer(entry.frames.count))] + measurement(entry.2))
                })),
            ])
        } ?? .null
        return JSONDocument.reconstruct.make([
            ("input", .string(input)),
            ("output", .string(output)),
            ("frames", .integer(outcome.frames)),
            ("width", .integer(outcome.width)),
            ("height", .integer(outcome.height)),
            ("fps", outcome.frameRate.map { JSONValue.frameRate(numerator: $0.numerator, denominator: $0.denominator) } ?? .null),
            ("chunks", .integer(outcome.chunks)),
            ("metrics", metricsValue),
            ("seconds", .double(seconds)),
            ("peak_memory_bytes", .integer(ResourceReport.peakResidentBytes)),
        ])
    }

    /// `.npy` in: the same chunking as for a video, on a tensor.
    private func reconstructTensor(_ model: VideoVAEModel, _ text: TextCondition?) throws -> Outcome {
        let x = try TensorFiles.readVideo(input, frameMultiple: 1, sizeMultiple: 1)
        guard outputIsNpy else { throw ValidationError("\(output): a .npy input reconstructs into a .npy output") }
        let plan = try video.checked(for: input) {
            try ChunkPlan(frameCount: x.shape[2], chunkFrames: video.chunkFrames, temporalMultiple: model.config.temporalCompression,
                          overlap: video.chunkOverlap)
        }
        var source = TensorChunkSource(clip: x, plan: plan, spatialMultiple: model.config.spatialCompression)
        let coder = try tiling.coder(model, weights: runtime.weights, frames: x.shape[0] * (plan.chunks.first?.count ?? 0),
                                     height: source.spatial.paddedHeight, width: source.spatial.paddedWidth,
                                     quiet: !reports)
        let sink = try VideoSink(path: output, spatial: source.spatial, frameRate: .oneFramePerSecond,
                                 audioSource: nil, codec: codec, crf: crf, overwrite: runtime.force, tools: nil)
        var blender = ChunkBlender(sink, plan: plan)
        let progress = ProgressBar(total: plan.frameCount, label: "reconstructing", unit: "frames", quiet: runtime.quiet)
        let frames = FrameProgress(plan: plan, report: progress.positionReport)
        try ChunkLoop.run(from: &source, into: &blender) { chunk in
            try coder.reconstruct(chunk.tensor, text: text, progress: frames.within(chunk))
        } after: { chunk, _ in
            frames.finished(chunk)
        }
        progress.finish()
        let summary = try blender.inner.finish()
        if reports { print(summary) }
        return Outcome(frames: x.shape[2], width: source.spatial.width, height: source.spatial.height, chunks: plan.chunks.count)
    }

    /// Video or image in: frames are streamed chunk by chunk, never the whole video in memory (unless the output is
    /// a .npy, which holds the whole reconstruction by nature).
    private func reconstructVideo(_ model: VideoVAEModel, _ text: TextCondition?, probe: VideoProbe?) throws -> Outcome {
        let tools = try FFmpegTools.locate()
        var source = try video.checked(for: input) {
            try VideoSource(path: input, probe: probe, cap: try video.cap(), chunkFrames: video.chunkFrames, chunkOverlap: video.chunkOverlap,
                            spatialMultiple: model.config.spatialCompression,
                            temporalMultiple: model.config.temporalCompression, tools: tools)
        }
        if reports { print("input: \(source.probe.description)") }
        let coder = try tiling.coder(model, weights: runtime.weights, frames: source.plan.chunks.first?.count ?? 0,
                                     height: source.spatial.paddedHeight, width: source.spatial.paddedWidth, quiet: !reports)
        let sink = try VideoSink(path: output, spatial: source.spatial, frameRate: source.probe.frameRate,
                                 audioSource: source.probe.hasAudio ? input : nil, codec: codec, crf: crf,
                                 overwrite: runtime.force, tools: tools)
        if reports, let notice = sink.audioPlan?.notice { print(notice) }
        var meter = QualityMeter()
        let progress = ProgressBar(total: source.plan.frameCount, label: "reconstructing", unit: "frames", quiet: runtime.quiet)
        let (plan, spatial, imageMode) = (source.plan, source.spatial, source.imageMode)
        var blender = ChunkBlender(sink, plan: plan)
        var done = 0
        var measured: [(chunk: Int, frames: Range<Int>, QualityMeter.Measurement)] = []
        let frames = FrameProgress(plan: plan, report: progress.positionReport)
        try ChunkLoop.run(from: &source, into: &blender) { chunk in
            try coder.reconstruct(chunk.tensor, text: text, maskTemporal: imageMode, progress: frames.within(chunk))
        } after: { chunk, blender in
            // With an overlap, the frames settled so far start at the chunk's start and stop where the next begins.
            let written = blender.inner.lastFrames
            if metrics, let reference = chunk.pixels, !written.isEmpty {
                let measurement = meter.add(written, reference: Array(reference.prefix(written.count)), width: spatial.width,
                                         height: spatial.height)
                measured.append((chunk.index, done..<(done + written.count), measurement))
                progress.note(MetricsReport.chunkLine(index: chunk.index, of: plan.chunks.count, frames: done..<(done + written.count), measurement))
            }
            done += written.count
            frames.finished(chunk)
        }
        progress.finish()
        let summary = try blender.inner.finish()
        if reports { print(summary) }
        // Asked for by name, so printed even with --quiet.
        if metrics && !json { print(MetricsReport.summary(meter.total, lossless: FileNameKind(path: output) == .image)) }
        return Outcome(frames: plan.frameCount, width: spatial.width, height: spatial.height, frameRate: source.probe.frameRate,
                       chunks: plan.chunks.count, measured: measured, total: metrics ? meter.total : nil)
    }
}
