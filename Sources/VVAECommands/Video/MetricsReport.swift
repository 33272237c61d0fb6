import VideoIO

/// The lines `--metrics` prints: one per chunk on a terminal, one summary at the end.
enum MetricsReport {
    /// `chunk 2/3, frames 8–15: PSNR 27.41 dB, SSIM 0.8712`
    static func chunkLine(index: Int, of count: Int, frames: Range<Int>, _ measurement: QualityMeter.Measurement) -> String {
        "chunk \(index + 1)/\(count), frames \(frames.lowerBound)–\(frames.upperBound - 1): \(measurement)"
    }

    /// `PSNR 27.02 dB, SSIM 0.8650 over 20 frames (8-bit RGB before video compression; SSIM: 11×11 Gaussian, mean of R, G, B)`
    /// `lossless` (an image or .npy output): the words say "8-bit RGB" only, as no video compression follows.
    static func summary(_ total: QualityMeter.Measurement, lossless: Bool = false) -> String {
        let ssimNote = total.ssim == nil
            ? "SSIM needs frames of at least \(StructuralSimilarity.windowSize)×\(StructuralSimilarity.windowSize)"
            : "SSIM: \(StructuralSimilarity.windowSize)×\(StructuralSimilarity.windowSize) Gaussian, mean of R, G, B"
        let frames = total.frames == 1 ? "1 frame" : "\(total.frames) frames"
        return "\(total) over \(frames) (8-bit RGB\(lossless ? "" : " before video compression"); \(ssimNote))"
    }
}
