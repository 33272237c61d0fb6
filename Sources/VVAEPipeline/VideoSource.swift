import Foundation
import VideoIO
import VVAERuntime
import VVAESupport

/// Frames of a video or image, read chunk by chunk as model tensors, following upstream's script: capped resize,
/// frame count padded with the last frame, chunks of `chunkFrames`, sizes padded (replicate) to the model's multiple.
public struct VideoSource: ChunkSource {
    public let probe: VideoProbe
    public let spatial: SpatialPlan
    public let plan: ChunkPlan
    public let imageMode: Bool
    private let reader: VideoReader
    private var nextChunk = 0
    private var lastFrame: [UInt8]?
    /// The real frames of the previous chunk and where it started.
    private var previous: (start: Int, frames: [[UInt8]]) = (0, [])

    /// Throws `ChunkPlan.Refusal` with `aboutChunks` or `aboutOverlap` when `chunkFrames` or `chunkOverlap` do
    /// not suit the model (the caller names the flag it came from), `InputError` for a video that cannot be cut.
    /// Images run as one chunk of four copies with no overlap, as upstream's image mode.
    /// `probe`: the file's probe when the caller already made one (to refuse a bad video before loading the
    /// model), so ffprobe runs once.
    public init(path: String, probe earlier: VideoProbe? = nil, cap: (height: Int, width: Int), chunkFrames: Int, chunkOverlap: Int = 0,
                spatialMultiple: Int, temporalMultiple: Int, tools: FFmpegTools) throws {
        let options = VideoReader.Options(resize: .capped(maxWidth: cap.width, maxHeight: cap.height))
        reader = try VideoReader(probe: try earlier ?? VideoProbe(path: path, tools: tools), options: options, tools: tools)
        probe = reader.probe
        let image = probe.isImage || ["png", "jpg", "jpeg"].contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        imageMode = image
        spatial = SpatialPlan(width: reader.width, height: reader.height, multiple: spatialMultiple)
        do {
            plan = try ChunkPlan(frameCount: probe.frameCount, chunkFrames: image ? 4 : chunkFrames,
                                 temporalMultiple: image ? 1 : temporalMultiple, overlap: image ? 0 : chunkOverlap)
        } catch let refusal as ChunkPlan.Refusal where !refusal.aboutChunks && !refusal.aboutOverlap {
            throw InputError(path: path, "\(refusal)")
        }
    }

    /// The next chunk as `[1, 3, T, H', W']` with the real frames' bytes (padding frames excluded); nil at the end.
    /// Frames shared with the previous chunk (an overlap) are kept from it, never read twice.
    public mutating func next() throws -> FrameChunk? {
        guard nextChunk < plan.chunks.count else {
            reader.close()
            return nil
        }
        let index = nextChunk
        let range = plan.chunks[index]
        nextChunk += 1
        let realEnd = min(range.upperBound, plan.frameCount)
        var frames = Array(previous.frames.dropFirst(max(0, range.lowerBound - previous.start)))
        let toRead = max(0, realEnd - range.lowerBound - frames.count)
        if toRead > 0, let chunk = try reader.next(chunk: toRead) { frames += chunk.frames.map(\.pixels) }
        previous = (range.lowerBound, frames)
        lastFrame = frames.last ?? lastFrame
        guard let filler = lastFrame else { return nil }
        var padded = frames
        while padded.count < range.count { padded.append(filler) }
        return FrameChunk(index: index, range: range, realFrames: frames.count,
                          tensor: try FrameTensors.tensor(frames: padded, plan: spatial), pixels: frames)
    }
}

/// A `.npy` clip `[B, 3, T, H, W]` cut into the same chunks as a video: the frame count padded with the last
/// frame, sizes padded (replicate) to the model's multiple.
public struct TensorChunkSource: ChunkSource {
    public let plan: ChunkPlan
    public let spatial: SpatialPlan
    private let clip: Tensor
    private var nextChunk = 0

    public init(clip: Tensor, plan: ChunkPlan, spatialMultiple: Int) {
        self.clip = clip
        self.plan = plan
        spatial = SpatialPlan(width: clip.shape[4], height: clip.shape[3], multiple: spatialMultiple)
    }

    public mutating func next() throws -> FrameChunk? {
        guard nextChunk < plan.chunks.count else { return nil }
        let index = nextChunk
        let range = plan.chunks[index]
        nextChunk += 1
        let frames = range.map { min($0, plan.frameCount - 1) }
        var chunk = try Tensor.concatenate(try frames.map { try clip.frames($0..<($0 + 1)) }, axis: 2)
        chunk = try chunk.padded(Padding3d(tBefore: 0, tAfter: 0, hBefore: 0, hAfter: spatial.paddedHeight - spatial.height,
                                           wBefore: 0, wAfter: spatial.paddedWidth - spatial.width), mode: .replicate)
        return FrameChunk(index: index, range: range, realFrames: min(range.upperBound, plan.frameCount) - range.lowerBound,
                          tensor: chunk)
    }
}

/// The latent of a latent file, cut back into the chunks it was encoded in: each chunk's latent frames follow the
/// previous chunk's (with an overlap, shared frames were encoded once per chunk).
public struct LatentChunkSource: ChunkSource {
    public let plan: ChunkPlan
    private let latent: Tensor
    private let temporal: Int
    private var nextChunk = 0
    private var nextLatentFrame = 0

    /// `temporal`: input frames per latent frame (1 in image mode).
    public init(latent: Tensor, plan: ChunkPlan, temporal: Int) {
        self.latent = latent
        self.plan = plan
        self.temporal = temporal
    }

    public mutating func next() throws -> FrameChunk? {
        guard nextChunk < plan.chunks.count else { return nil }
        let index = nextChunk
        let range = plan.chunks[index]
        nextChunk += 1
        let count = range.count / temporal
        let z = try latent.frames(nextLatentFrame..<(nextLatentFrame + count))
        nextLatentFrame += count
        return FrameChunk(index: index, range: range, realFrames: min(range.upperBound, plan.frameCount) - range.lowerBound,
                          tensor: z)
    }
}
