import Foundation
import VideoIO
import VVAERuntime
import VVAEWeights

/// A latent file back into a video (or a `.png` / `.npy`): the chunks decoded as they were encoded, overlaps faded,
/// padding dropped, the original size, frame rate and audio restored. What `vvae decode latent.h5` runs.
///
/// Planning and decoding are two steps, as for `VideoLatentEncoder`: the plan gives the caller the chunk and
/// padded frame sizes its tiling needs.
public struct VideoLatentDecoder {
    public let model: VideoVAEModel
    public let file: LatentFile
    /// The latent file's path, for error messages.
    public let path: String
    public let plan: ChunkPlan
    public let spatial: SpatialPlan

    /// Checks the file against the weights: made by them (`identity`), a chunk plan they accept, a latent of the
    /// length the plan gives. Each refusal names the file and what is wrong.
    public init(model: VideoVAEModel, file: LatentFile, path: String, identity: VideoLatentEncoder.WeightsIdentity) throws {
        if !identity.sourceSHA256.isEmpty, identity.sourceSHA256 != file.weightsSourceSHA256 {
            let made = VideoLatentEncoder.WeightsIdentity(sourceSHA256: file.weightsSourceSHA256, configName: file.configName,
                                                          sourceFile: file.header.weightsSourceFile)
            let given = identity.path.map { " that \($0) was converted from" } ?? " of the weights given"
            throw InputError(path: path, "was encoded by the weights of \(made.description), not those of \(identity.description)\(given); decode it with the weight file that encoded it")
        }
        let temporal = file.imageMode ? 1 : model.config.temporalCompression
        do {
            plan = try ChunkPlan(frameCount: file.frameCount, chunkFrames: file.chunkFrames, temporalMultiple: temporal,
                                 overlap: file.chunkOverlap)
        } catch let refusal as ChunkPlan.Refusal {
            let overlap = file.chunkOverlap == 0 ? "" : ", chunk_overlap = \(file.chunkOverlap)"
            throw InputError(path: path, "attributes frame_count = \(file.frameCount), chunk_frames = \(file.chunkFrames)\(overlap) do not fit these weights: \(refusal)")
        }
        let expectedFrames = plan.latentFrames(temporal: temporal)
        guard file.latent.rank == 5, file.latent.shape[2] == expectedFrames else {
            throw InputError(path: path, "holds a latent of shape \(file.latent.shape), not the \(expectedFrames) latent frames its attributes describe")
        }
        spatial = SpatialPlan(width: file.width, height: file.height, multiple: model.config.spatialCompression)
        self.model = model
        self.file = file
        self.path = path
    }

    /// Decodes into `output` (a video, `.png` or `.npy`; `tools` may be nil only for `.npy`) and returns the
    /// sink's summary line. `notice` hears what happens to the audio before the work starts.
    public func decode(to output: String, coder: TiledCoder, text: TextCondition?, codec: String, crf: Int, overwrite: Bool,
                       tools: FFmpegTools?, notice: (String) -> Void = { _ in },
                       progress: ((Double) -> Void)? = nil) throws -> String {
        let audio = try file.audio.flatMap { tools == nil ? nil : try AudioExtraction.temporaryMatroska($0.matroska) }
        defer { audio.map(AudioExtraction.remove) }
        let sink = try VideoSink(path: output, spatial: spatial, frameRate: file.frameRate, audioSource: audio?.path, codec: codec,
                                 crf: crf, overwrite: overwrite, tools: tools)
        if let line = sink.audioPlan?.notice { notice(line) }
        var source = LatentChunkSource(latent: file.latent, plan: plan, temporal: file.imageMode ? 1 : model.config.temporalCompression)
        var blender = ChunkBlender(sink, plan: plan)
        let (plan, imageMode) = (plan, file.imageMode)
        let frames = FrameProgress(plan: plan, report: progress)
        try ChunkLoop.run(from: &source, into: &blender) { chunk in
            try coder.decode(chunk.tensor, text: text, maskTemporal: imageMode, progress: frames.within(chunk))
        } after: { chunk, _ in
            frames.finished(chunk)
        }
        return try blender.inner.finish()
    }
}
