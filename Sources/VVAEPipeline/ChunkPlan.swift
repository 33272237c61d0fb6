/// How a video's frames are cut for the model, as upstream's inference script does it: the frame count is padded
/// to a multiple of the temporal compression by repeating the last frame, then cut into chunks of `chunkFrames`
/// (the last one shorter) that run independently; the padding is dropped after decoding.
///
/// With an `overlap` (opt-in, `--chunk-overlap`; 0 is upstream's plan), consecutive chunks share that many frames:
/// a chunk starts `chunkFrames - overlap` frames after the one before, until one reaches the end, and the decoded
/// frames of the shared stretch are blended linearly (`ChunkBlender`), which hides the jump at chunk boundaries.
public struct ChunkPlan: Equatable, Sendable {
    public let frameCount: Int
    public let paddedFrameCount: Int
    public let overlap: Int
    /// Frame ranges over the padded sequence.
    public let chunks: [Range<Int>]

    public var paddingFrames: Int { paddedFrameCount - frameCount }

    /// More frames than any video holds (a day at 120 fps): beyond it a count is a corrupt value, not a video.
    public static let maxFrames = 10_368_000

    /// Why frames cannot be cut this way; the caller says where the numbers came from (a flag, a file's attribute).
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
        /// True when the chunk length is what is wrong (so a flag can be named), false for the frame count.
        public var aboutChunks = false
        /// True when the overlap is what is wrong.
        public var aboutOverlap = false
    }

    public init(frameCount: Int, chunkFrames: Int, temporalMultiple: Int, overlap: Int = 0) throws {
        guard temporalMultiple > 0 else { throw Refusal(description: "the model's temporal compression is \(temporalMultiple)") }
        guard frameCount > 0, frameCount <= Self.maxFrames else {
            throw Refusal(description: "a frame count of \(frameCount) is outside 1…\(Self.maxFrames)")
        }
        guard chunkFrames > 0, chunkFrames <= Self.maxFrames, chunkFrames % temporalMultiple == 0 else {
            throw Refusal(description: "chunks of \(chunkFrames) frames: must be a positive multiple of \(temporalMultiple), the model's temporal compression",
                          aboutChunks: true)
        }
        guard overlap >= 0, overlap < chunkFrames, overlap % temporalMultiple == 0 else {
            throw Refusal(description: "an overlap of \(overlap) frames: must be a multiple of \(temporalMultiple) (the model's temporal compression) from 0 to below the chunk length \(chunkFrames)",
                          aboutOverlap: true)
        }
        self.frameCount = frameCount
        self.overlap = overlap
        let remainder = frameCount % temporalMultiple
        let padded = remainder == 0 ? frameCount : frameCount + temporalMultiple - remainder
        paddedFrameCount = padded
        var ranges: [Range<Int>] = []
        var start = 0
        while true {
            let range = start..<min(start + chunkFrames, padded)
            ranges.append(range)
            if range.upperBound == padded { break }
            start += chunkFrames - overlap
        }
        chunks = ranges
    }

    /// Latent frames of all chunks together: each chunk keeps its own, overlap included.
    public func latentFrames(temporal: Int) -> Int { chunks.reduce(0) { $0 + $1.count / temporal } }

    /// Real frames of chunk `index` that no earlier chunk covered: what a progress count adds for it.
    public func freshFrames(of index: Int) -> Int {
        let range = chunks[index]
        let previousEnd = index > 0 ? chunks[index - 1].upperBound : 0
        return max(0, min(range.upperBound, frameCount) - max(range.lowerBound, previousEnd))
    }
}

/// Frame sizes the model accepts: any size is padded (replicate) up to the next multiple and cropped back after.
public struct SpatialPlan: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public let paddedWidth: Int
    public let paddedHeight: Int

    public init(width: Int, height: Int, multiple: Int) {
        self.width = width
        self.height = height
        paddedWidth = (width + multiple - 1) / multiple * multiple
        paddedHeight = (height + multiple - 1) / multiple * multiple
    }
}
