/// How the reader sizes frames. ffmpeg does the resampling while decoding, so full-size frames never reach Swift.
public enum FrameResize: Sendable, Equatable {
    /// Frames as stored.
    case none
    /// Exactly this size (aspect ratio not kept).
    case exactly(width: Int, height: Int)
    /// The upstream inference rule: `(min(H, maxHeight), min(W, maxWidth))`, each side capped on its own, so a frame
    /// is only ever shrunk and the aspect ratio is not kept when only one side is over.
    case capped(maxWidth: Int, maxHeight: Int)

    /// The output size for a source of `width × height`.
    public func targetSize(width: Int, height: Int) -> (width: Int, height: Int) {
        switch self {
        case .none: return (width, height)
        case .exactly(let w, let h): return (w, h)
        case .capped(let maxWidth, let maxHeight): return (min(width, maxWidth), min(height, maxHeight))
        }
    }
}

/// The swscale interpolation used when resizing. The default, bicubic, is what libavfilter's `scale` filter uses when
/// no flags are given — the path decord (the upstream script's reader) takes — so resized frames match upstream's.
public enum FrameScaler: String, Sendable, CaseIterable {
    case bicubic
    case bilinear
    /// Averaging; the best choice for strong downscaling.
    case area
    case lanczos
    /// Nearest neighbour.
    case neighbor
}
