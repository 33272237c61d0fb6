import VVAESupport
import VideoVAEConfig
import VVAERuntime

/// Peak resident memory of one chunk through the model, estimated from the config, and the largest tile that keeps
/// it within a budget (`--max-memory`).
///
/// The 2+1D coders' activations scale with the tile: at their finest level, `T × tileH × tileW` values times the
/// widest channel count living there (the decoder's first full-resolution block receives the next level's channels
/// after upsampling: 256 for the shipped configs, 64 for the demo model), and a few such tensors are alive at once
/// (block input, normalised copy, convolution output, the residual being added), counted by `activationCopies`.
/// The mid-block attention over the tile's `tileH/s × tileW/s` positions adds its logits buffer: tokens² floats,
/// capped at `ScaledDotProductAttention.defaultLogitsBufferBytes` (64 MiB). The rest scales with the whole frame or
/// is fixed: the pipeline's float copies of the chunk (input, blend sum, output: `frameCopies` × `3 × T × H × W`),
/// the full latent and its blend sum (`latentCopies` × channels × T × H/s × W/s, T not divided by the temporal
/// compression, to cover image mode), the weights as float32, and the process baseline (libraries, OpenBLAS
/// buffers, pipes).
///
/// Calibration (release build, 2 threads, the demo model converted from `Fixtures/demo/demo16.ckpt`, peak RSS from
/// vvae's closing line, `vvae reconstruct … -o out.npy`), six runs: the demo clip (16 frames of 96×72) untiled
/// 137.0 MiB, 64-pixel tiles 104.5 MiB, 48-pixel tiles 88.3 MiB; a 512×512 testsrc2 image untiled 241.3 MiB,
/// 256-pixel tiles 155.3 MiB; a 1920×1080 testsrc2 image, 256-pixel tiles 230.0 MiB. Fitted, they give 1.8–2.1
/// widest-activation copies, 0.9 frame copies and a baseline of 35–50 MiB; the constants below round each up
/// (2.5, 2, 50 MiB), which puts the estimate 10–26 % above every one of the six measurements (151.9, 117.0, 96.8,
/// 305.1, 185.1, 281.8 MiB): it errs on the safe side. The untiled 1080p image was not measured to the end: its
/// mid-block attention over 518,400 positions is quadratic, and the run was stopped after 25 minutes. Since then
/// the 3×3×3 convolutions keep up to twice the column memory (`FrameColumns`): re-measured, the three demo-clip
/// runs peak at 144.0, 111.3 and 91.9 MiB, the estimate still 5 % above each.
public struct TileMemoryEstimate {
    public let config: VideoVAEModelConfig
    public let weightBytes: Int

    public init(config: VideoVAEModelConfig, weightBytes: Int) {
        self.config = config
        self.weightBytes = weightBytes
    }

    public static let baselineBytes = 50 << 20
    public static let activationCopies = 2.5
    public static let frameCopies = 2.0
    public static let latentCopies = 2.0
    /// The smallest tile `--max-memory` may pick: below this the seams dominate the picture.
    public static let smallestTile = 64

    /// Values in the widest activation of the 2+1D encoder or decoder for `frames` frames of `height × width`.
    public func widestActivation(frames: Int, height: Int, width: Int) -> Int {
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
    public func peakBytes(frames: Int, frame: (height: Int, width: Int), tile: (height: Int, width: Int)) -> Int {
        let activations = Self.activationCopies * Double(widestActivation(frames: frames, height: tile.height, width: tile.width))
        let scale = config.spatialCompression
        let latentValues = max(config.spatial.zChannels, config.latentChannels) * frames
            * ((frame.height + scale - 1) / scale) * ((frame.width + scale - 1) / scale)
        let tokens = Double(((tile.height + scale - 1) / scale) * ((tile.width + scale - 1) / scale))
        let attention = min(tokens * tokens * 4, Double(ScaledDotProductAttention.defaultLogitsBufferBytes))
        let buffers = Self.frameCopies * Double(3 * frames * frame.height * frame.width) + Self.latentCopies * Double(latentValues)
        return Self.baselineBytes + weightBytes + Int((activations + buffers) * 4 + attention)
    }

    /// The largest square tile (a multiple of the spatial compression, above `overlap`) whose estimate fits
    /// `budget`; nil when the untiled chunk fits. Throws when not even the smallest tile fits.
    public func largestTile(within budget: Int, frames: Int, frameHeight: Int, frameWidth: Int, overlap: Int) throws -> TileSize? {
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
        throw TilingRefusal(description: "--max-memory \(ByteCountText.binary(budget)) is too small: even \(smallestTile)-pixel tiles of this \(frameWidth)x\(frameHeight), \(frames)-frame chunk need an estimated \(ByteCountText.binary(needed)) (weights \(ByteCountText.binary(weightBytes)) included); raise it or lower --chunk-frames")
    }
}

/// A memory budget no tiling fits; the message names the flag (`--max-memory`) it came from.
public struct TilingRefusal: Error, CustomStringConvertible {
    public let description: String
}
