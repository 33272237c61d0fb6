import VVAEFormats
import Foundation
import VideoIO
import VVAERuntime
import VVAEWeights

/// One video into a latent file: the work `vvae encode VIDEO -o latent.h5` and `vvae encode-batch` share, so a
/// batch's latent is byte for byte the one a single encode makes.
///
/// Opening and encoding are two steps: between them the caller knows the plan (frame count for a progress bar,
/// padded size for the tiling) and can print what it read.
public struct VideoLatentEncoder {
    /// How frames are cut and what the latent is: upstream's script takes the posterior's mode of chunks of 16.
    public struct Settings: Sendable {
        /// Largest frame size (upstream's `--resolution`, height × width); larger videos are scaled down.
        public var cap: (height: Int, width: Int)
        public var chunkFrames: Int
        public var chunkOverlap: Int
        /// Sample the posteriors with this seed instead of taking their mode.
        public var sampleSeed: UInt64?

        public init(cap: (height: Int, width: Int) = (720, 1280), chunkFrames: Int = 16, chunkOverlap: Int = 0,
                    sampleSeed: UInt64? = nil) {
            self.cap = cap
            self.chunkFrames = chunkFrames
            self.chunkOverlap = chunkOverlap
            self.sampleSeed = sampleSeed
        }
    }

    /// Which weights made the latent: recorded so that `vvae decode` refuses other weights.
    public struct WeightsIdentity: Sendable, Equatable {
        public var sourceSHA256: String
        public var configName: String
        /// The checkpoint file name the weights were converted from, when the weight file records it.
        public var sourceFile: String?
        /// The weight file itself, as given on the command line (for messages only; not recorded).
        public var path: String?

        public init(sourceSHA256: String, configName: String, sourceFile: String? = nil, path: String? = nil) {
            self.sourceSHA256 = sourceSHA256
            self.configName = configName
            self.sourceFile = sourceFile
            self.path = path
        }

        public init(_ file: WeightFile, path: String? = nil) {
            self.init(sourceSHA256: file.sourceSHA256 ?? "", configName: file.configName, sourceFile: file.header.sourceFile,
                      path: path)
        }

        /// "checkpoint demo16.ckpt (SHA-256 60079002c44b…, config demo16.yaml)": what tells two weights apart when
        /// both configs are called `config.yaml`.
        public var description: String {
            let checkpoint = sourceFile.map { "checkpoint \($0)" } ?? "a checkpoint"
            let digest = sourceSHA256.isEmpty ? "no SHA-256 recorded" : "SHA-256 \(sourceSHA256.prefix(12))…"
            return "\(checkpoint) (\(digest), config \(configName))"
        }
    }

    public let model: VideoVAEModel
    public let weights: WeightsIdentity
    public let settings: Settings
    public let tools: FFmpegTools

    public init(model: VideoVAEModel, weights: WeightsIdentity, settings: Settings, tools: FFmpegTools) {
        self.model = model
        self.weights = weights
        self.settings = settings
        self.tools = tools
    }

    /// Probes the video and plans its chunks. Throws `ChunkPlan.Refusal` when the settings do not suit the model
    /// (the caller names the flag), `InputError` for a video that cannot be read or cut.
    /// `probe`: one made earlier of the same file, so it is not probed again.
    public func open(_ path: String, probe: VideoProbe? = nil) throws -> VideoSource {
        try VideoSource(path: path, probe: probe, cap: settings.cap, chunkFrames: settings.chunkFrames, chunkOverlap: settings.chunkOverlap,
                        spatialMultiple: model.config.spatialCompression,
                        temporalMultiple: model.config.temporalCompression, tools: tools)
    }

    /// Encodes every chunk of `source` (opened from `path` by `open`), telling `progress` how many frames are
    /// done (fractional while a chunk is in the model: `FrameProgress`). `keepAudio` copies the audio streams into
    /// the latent file.
    public func encode(_ source: inout VideoSource, path: String, coder: TiledCoder, text: TextCondition?,
                       record: LatentTextRecord?, keepAudio: Bool, progress: ((Double) -> Void)? = nil) throws -> LatentFile {
        let audio = keepAudio && source.probe.hasAudio ? try LatentAudio.extract(from: path, tools: tools) : nil
        var collector = LatentCollector()
        let (imageMode, plan, model, seed) = (source.imageMode, source.plan, model, settings.sampleSeed)
        let frames = FrameProgress(plan: plan, report: progress)
        try ChunkLoop.run(from: &source, into: &collector) { chunk in
            if let seed {
                let share = try frames.within(chunk).map {
                    WorkShare(total: try model.encodeWork(chunk.tensor.shape, text: text, maskTemporal: imageMode).total, report: $0)
                }
                return try model.encode(chunk.tensor, text: text, sampling: .seeded(seed), maskTemporal: imageMode,
                                        progress: share?.add).latent
            }
            return try coder.encode(chunk.tensor, text: text, maskTemporal: imageMode, progress: frames.within(chunk))
        } after: { chunk, _ in
            frames.finished(chunk)
        }
        return LatentFile(latent: try collector.latent(), frameRate: source.probe.frameRate, frameCount: plan.frameCount,
                          width: source.spatial.width, height: source.spatial.height,
                          paddedWidth: source.spatial.paddedWidth, paddedHeight: source.spatial.paddedHeight,
                          chunkFrames: plan.chunks.first?.count ?? settings.chunkFrames, imageMode: imageMode,
                          weightsSourceSHA256: weights.sourceSHA256, configName: weights.configName,
                          sourceFile: URL(fileURLWithPath: path).lastPathComponent, weightsSourceFile: weights.sourceFile,
                          chunkOverlap: plan.chunks.count > 1 ? plan.overlap : 0, audio: audio, text: record)
    }
}
