import ArgumentParser
import VideoVAEConfig

/// Peak resident memory of one chunk through the model, estimated from the config, and the largest tile that keeps
/// it within a budget (`--max-memory`).
///
/// The 2+1D coders dominate: their activations at the finest level, `T × tileH × tileW` values times the widest
/// channel count living there (the decoder's first full-resolution block receives the next level's channels after
/// upsampling: 256 for the shipped configs, 64 for the demo model). A few such tensors are alive at once (block
/// input, normalised copy, convolution output, the residual being added, the upsampler's output), counted by
/// `activationCopies`. On top: the weights as float32, the whole frame chunk held by the pipeline (input, blend
/// sum, output: `frameCopies` float copies of `3 × T × H × W`), and the process's baseline (libraries, OpenBLAS
/// buffers, the ffmpeg pipes' buffers).
///
/// Calibration (release build, 2 threads, demo model converted from `Fixtures/demo/demo16.ckpt`, 4-frame
/// chunks of a 1920×1080 testsrc2 clip, peak RSS from vvae's own closing line): CALIBRATION.
struct TileMemoryEstimate {
    let config: VideoVAEModelConfig
    let weightBytes: Int

    static let baselineBytes = 96 << 20
    static let activationCopies = 4.0
    static let frameCopies = 4.0
    /// The smallest tile `--max-memory` may pick: below this the seams dominate the picture.
    static let smallestTile = 64

    /// Values in the widest activation of the 2+1D encoder or decoder for `frames` frames of `height × width`.
    func widestActivation(frames: Int, height: Int, width: Int) -> Int {
        let channels = config.spatial.levelChannels
        return channels.indices.map { level in
            let encoderWidth = max(level == 0 ? config.spatial.baseChannels : channels[level - 1], channels[level])
            let decoderWidth = max(channels[level], channels[min(level + 1, channels.count - 1)])
            let divisor = 1 << level
            return max(encoderWidth, decoderWidth) * frames * ((height + divisor - 1) / divisor) * ((width + divisor - 1) / divisor)
        }.max() ?? 0
    }

    /// Estimated peak bytes for a chunk of `frames` frames of `frame` size run in tiles of `tile` (the frame itself
    /// when untiled).
    func peakBytes(frames: Int, frame: (height: Int, width: Int), tile: (height: Int, width: Int)) -> Int {
        let activations = Self.activationCopies * Double(widestActivation(frames: frames, height: tile.height, width: tile.width))
        let buffers = Self.frameCopies * Double(3 * frames * frame.height * frame.width)
        return Self.baselineBytes + weightBytes + Int((activations + buffers) * 4)
    }

    /// The largest square tile (a multiple of the spatial compression, above `overlap`) whose estimate fits
    /// `budget`; nil when the untiled chunk fits. Throws when not even the smallest tile fits.
    func largestTile(within budget: Int, frames: Int, frameHeight: Int, frameWidth: Int, overlap: Int) throws -> TileSize? {
        let frame = (height: frameHeight, width: frameWidth)
        if peakBytes(frames: frames, frame: frame, tile: frame) <= budget { return nil }
        let multiple = config.spatialCompression
        let smallest = max(Self.smallestTile, overlap + 1)
        let smallestTile = (smallest + multiple - 1) / multiple * multiple
        var tile = max(frameHeight, frameWidth) / multiple * multiple
        while tile >= smallestTile {
            let size = (height: min(tile, frameHeight), width: min(tile, frameWidth))
            if peakBytes(frames: frames, frame: frame, tile: size) <= budget { return TileSize(tile: tile, overlap: overlap) }
            tile -= multiple
        }
        let needed = peakBytes(frames: frames, frame: frame, tile: (min(smallestTile, frameHeight), min(smallestTile, frameWidth)))
        throw ValidationError("--max-memory \(TensorTable.humanBytes(budget)) is too small: even \(smallestTile)-pixel tiles of this \(frameWidth)x\(frameHeight), \(frames)-frame chunk need an estimated \(TensorTable.humanBytes(needed)) (weights \(TensorTable.humanBytes(weightBytes)) included); raise it or lower --chunk-frames")
    }
}
