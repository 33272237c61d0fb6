/// How a video's frames are cut for the model, exactly as upstream's inference script does it: the frame count is
/// padded to a multiple of the temporal compression by repeating the last frame, then cut into chunks of
/// `chunkFrames` (the last one shorter) that run independently; the padding is dropped after decoding.
public struct ChunkPlan: Equatable {
    public let frameCount: Int
    public let paddedFrameCount: Int
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
    }

    public init(frameCount: Int, chunkFrames: Int, temporalMultiple: Int) throws {
        guard temporalMultiple > 0 else { throw Refusal(description: "the model's temporal compression is \(temporalMultiple)") }
        guard frameCount > 0, frameCount <= Self.maxFrames else {
            throw Refusal(description: "a frame count of \(frameCount) is outside 1…\(Self.maxFrames)")
        }
        guard chunkFrames > 0, chunkFrames <= Self.maxFrames, chunkFrames % temporalMultiple == 0 else {
            throw Refusal(description: "chunks of \(chunkFrames) frames: must be a positive multiple of \(temporalMultiple), the model's temporal compression",
                          aboutChunks: true)
        }
        self.frameCount = frameCount
        let remainder = frameCount % temporalMultiple
        let padded = remainder == 0 ? frameCount : frameCount + temporalMultiple - remainder
        paddedFrameCount = padded
        chunks = stride(from: 0, to: padded, by: chunkFrames).map { $0..<min($0 + chunkFrames, padded) }
    }
}

/// Frame sizes the model accepts: any size is padded (replicate) up to the next multiple and cropped back after.
public struct SpatialPlan: Equatable {
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
