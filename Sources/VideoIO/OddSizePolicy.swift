/// What the writer does with a frame size the pixel format cannot hold. H.264 in `yuv420p` stores colour at half
/// resolution, so width and height must be even; left alone, ffmpeg would silently drop the last column and row.
public enum OddSizePolicy: String, Sendable, CaseIterable {
    /// Add one column and/or row repeating the edge pixels: every source pixel is kept and the file is at most one
    /// pixel wider and taller than the frames (the default; crop it away when reading back if needed).
    case padByRepeatingEdge
    /// Drop the last column and/or row, as ffmpeg would on its own.
    case cropToEven
    /// Refuse with `VideoIOError.oddSizeNotEncodable`.
    case fail

    /// Which sides a pixel format needs even: 4:2:0 formats both, 4:2:2 the width, others neither.
    static func evenSidesRequired(pixelFormat: String) -> (width: Bool, height: Bool) {
        if pixelFormat.contains("420") || pixelFormat.hasPrefix("nv12") || pixelFormat.hasPrefix("nv21") { return (true, true) }
        if pixelFormat.contains("422") { return (true, false) }
        return (false, false)
    }

    /// The size written to the file for frames of `width × height`.
    func encodedSize(width: Int, height: Int, pixelFormat: String) -> (width: Int, height: Int) {
        let even = Self.evenSidesRequired(pixelFormat: pixelFormat)
        let fixWidth = even.width && width % 2 == 1
        let fixHeight = even.height && height % 2 == 1
        switch self {
        case .padByRepeatingEdge: return (width + (fixWidth ? 1 : 0), height + (fixHeight ? 1 : 0))
        case .cropToEven, .fail: return (width - (fixWidth ? 1 : 0), height - (fixHeight ? 1 : 0))
        }
    }
}

/// Brings packed RGB24 frames from one size to another by repeating the last column/row or dropping extra ones.
enum EdgeAdjust {
    static func adjust(_ pixels: ArraySlice<UInt8>, width: Int, height: Int, toWidth: Int, toHeight: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(toWidth * toHeight * 3)
        let base = pixels.startIndex
        for y in 0..<toHeight {
            let row = base + min(y, height - 1) * width * 3
            let kept = min(width, toWidth)
            out.append(contentsOf: pixels[row..<(row + kept * 3)])
            let last = row + (width - 1) * 3
            for _ in kept..<toWidth { out.append(contentsOf: pixels[last..<(last + 3)]) }
        }
        return out
    }
}
