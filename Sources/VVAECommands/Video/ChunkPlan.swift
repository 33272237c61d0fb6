/// How a video's frames are cut for the model, exactly as upstream's inference script does it: the frame count is
/// padded to a multiple of the temporal compression by repeating the last frame, then cut into chunks of
/// `chunkFrames` (the last one shorter) that run independently; the padding is dropped after decoding.
struct ChunkPlan: Equatable {
    let frameCount: Int
    let paddedFrameCount: Int
    /// Frame ranges over the padded sequence.
    let chunks: [Range<Int>]

    var paddingFrames: Int { paddedFrameCount - frameCount }

    init(frameCount: Int, chunkFrames: Int, temporalMultiple: Int) {
        precondition(frameCount > 0 && chunkFrames > 0 && chunkFrames % temporalMultiple == 0)
        self.frameCount = frameCount
        let remainder = frameCount % temporalMultiple
        let padded = remainder == 0 ? frameCount : frameCount + temporalMultiple - remainder
        paddedFrameCount = padded
        chunks = stride(from: 0, to: padded, by: chunkFrames).map { $0..<min($0 + chunkFrames, padded) }
    }
}

/// Frame sizes the model accepts: any size is padded (replicate) up to the next multiple and cropped back after.
struct SpatialPlan: Equatable {
    let width: Int
    let height: Int
    let paddedWidth: Int
    let paddedHeight: Int

    init(width: Int, height: Int, multiple: Int) {
        self.width = width
        self.height = height
        paddedWidth = (width + multiple - 1) / multiple * multiple
        paddedHeight = (height + multiple - 1) / multiple * multiple
    }
}
