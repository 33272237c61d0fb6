import Foundation

/// Structural similarity (SSIM) of 8-bit frames as defined by Wang, Bovik, Sheikh and Simoncelli (2004): an 11×11
/// Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255, population (not sample) statistics, and the mean over
/// every window that lies wholly inside the frame (no padding, no downsampling). This is what the paper's reference
/// code computes and what scikit-image's `structural_similarity(…, gaussian_weights=True, sigma=1.5,
/// use_sample_covariance=False, data_range=255)` reports; colour frames are measured per channel (R, G, B) and the
/// channels averaged, as scikit-image does with `channel_axis`. All arithmetic is in Double.
public enum StructuralSimilarity {
    /// Half the window side: the window is `2·radius + 1 = 11` pixels square.
    public static let windowRadius = 5
    public static let sigma = 1.5
    public static let k1 = 0.01
    public static let k2 = 0.03
    public static let dynamicRange = 255.0

    /// The window side, 11.
    public static var windowSize: Int { 2 * windowRadius + 1 }

    /// The normalised 1-D Gaussian; the 2-D window is its outer product (which is normalised too).
    static let weights: [Double] = {
        let raw = (-windowRadius...windowRadius).map { offset in
            let x = Double(offset)
            return exp(-(x * x) / (2 * sigma * sigma))
        }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }()

    /// Mean SSIM of each channel between two interleaved frames of `width × height × channels` bytes; nil when the
    /// frame is smaller than the window, where SSIM as defined has no value.
    public static func channelMeans(_ first: [UInt8], _ second: [UInt8], width: Int, height: Int,
                                    channels: Int = 3) -> [Double]? {
        precondition(first.count == width * height * channels && second.count == first.count, "frames of different sizes")
        guard width >= windowSize, height >= windowSize else { return nil }
        return (0..<channels).map { channel in
            channelMean(first, second, width: width, height: height, channels: channels, channel: channel)
        }
    }

    /// Mean SSIM over the R, G, B channels (or however many there are); nil for frames smaller than the window.
    public static func mean(_ first: [UInt8], _ second: [UInt8], width: Int, height: Int, channels: Int = 3) -> Double? {
        channelMeans(first, second, width: width, height: height, channels: channels).map { $0.reduce(0, +) / Double(channels) }
    }

    /// One channel: a horizontal pass gives the windowed sums of x, y, x², y², xy along each row; a vertical pass
    /// over those gives the window statistics and the SSIM of each window, summed.
    private static func channelMean(_ first: [UInt8], _ second: [UInt8], width: Int, height: Int, channels: Int,
                                    channel: Int) -> Double {
        let size = windowSize
        let outWidth = width - size + 1
        let outHeight = height - size + 1
        let c1 = (k1 * dynamicRange) * (k1 * dynamicRange)
        let c2 = (k2 * dynamicRange) * (k2 * dynamicRange)
        // Row-filtered moments, each height × outWidth.
        var rowX = [Double](repeating: 0, count: height * outWidth)
        var rowY = rowX, rowXX = rowX, rowYY = rowX, rowXY = rowX
        for y in 0..<height {
            let rowStart = y * width
            for x in 0..<outWidth {
                var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
                for k in 0..<size {
                    let index = (rowStart + x + k) * channels + channel
                    let a = Double(first[index])
                    let b = Double(second[index])
                    let w = weights[k]
                    sx += w * a
                    sy += w * b
                    sxx += w * (a * a)
                    syy += w * (b * b)
                    sxy += w * (a * b)
                }
                let at = y * outWidth + x
                rowX[at] = sx
                rowY[at] = sy
                rowXX[at] = sxx
                rowYY[at] = syy
                rowXY[at] = sxy
            }
        }
        var total = 0.0
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                var mx = 0.0, my = 0.0, mxx = 0.0, myy = 0.0, mxy = 0.0
                for k in 0..<size {
                    let at = (y + k) * outWidth + x
                    let w = weights[k]
                    mx += w * rowX[at]
                    my += w * rowY[at]
                    mxx += w * rowXX[at]
                    myy += w * rowYY[at]
                    mxy += w * rowXY[at]
                }
                let varianceX = mxx - mx * mx
                let varianceY = myy - my * my
                let covariance = mxy - mx * my
                let numerator = (2 * mx * my + c1) * (2 * covariance + c2)
                let denominator = (mx * mx + my * my + c1) * (varianceX + varianceY + c2)
                total += numerator / denominator
            }
        }
        return total / Double(outWidth * outHeight)
    }
}
