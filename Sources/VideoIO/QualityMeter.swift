import Foundation

/// PSNR and SSIM between a reconstruction and its reference over 8-bit RGB frames, added chunk by chunk so a long
/// video is measured without keeping its frames. Sums are in Double. PSNR pools the squared error of every sample of
/// every frame (one MSE for the whole video, as ffmpeg's `psnr` filter reports it); SSIM is the mean over frames of
/// each frame's `StructuralSimilarity.mean` (R, G, B averaged).
public struct QualityMeter: Sendable {
    /// PSNR and SSIM over some frames: one chunk, or everything so far.
    public struct Measurement: Sendable, Equatable, CustomStringConvertible {
        public let frames: Int
        /// Decibels; `.infinity` for identical frames; nil with no frames.
        public let psnr: Double?
        /// nil with no frames, or when the frames are smaller than the 11×11 SSIM window.
        public let ssim: Double?

        /// `PSNR 15.56 dB, SSIM 0.4123` (SSIM left out when it has no value).
        public var description: String {
            var parts: [String] = []
            if let psnr { parts.append(psnr.isInfinite ? "PSNR inf dB" : String(format: "PSNR %.2f dB", psnr)) }
            if let ssim { parts.append(String(format: "SSIM %.4f", ssim)) }
            return parts.isEmpty ? "no frames measured" : parts.joined(separator: ", ")
        }
    }

    private var squaredError = 0.0
    private var samples = 0
    private var ssimSum = 0.0
    private var ssimFrames = 0
    private var frames = 0

    public init() {}

    /// Adds frames (each `width × height × 3` RGB bytes) and their references; returns the measurement of these
    /// frames alone.
    @discardableResult
    public mutating func add(_ ours: [[UInt8]], reference: [[UInt8]], width: Int, height: Int) -> Measurement {
        precondition(ours.count == reference.count, "a reference frame for every frame")
        var chunkError = 0.0
        var chunkSamples = 0
        var chunkSSIM = 0.0
        var chunkSSIMFrames = 0
        for (a, b) in zip(ours, reference) {
            precondition(a.count == width * height * 3 && b.count == a.count, "frames of the stated size")
            var frameError = 0.0
            for index in a.indices {
                let difference = Double(a[index]) - Double(b[index])
                frameError += difference * difference
            }
            chunkError += frameError
            chunkSamples += a.count
            if let ssim = StructuralSimilarity.mean(a, b, width: width, height: height) {
                chunkSSIM += ssim
                chunkSSIMFrames += 1
            }
        }
        squaredError += chunkError
        samples += chunkSamples
        ssimSum += chunkSSIM
        ssimFrames += chunkSSIMFrames
        frames += ours.count
        return Self.measurement(frames: ours.count, squaredError: chunkError, samples: chunkSamples,
                                ssimSum: chunkSSIM, ssimFrames: chunkSSIMFrames)
    }

    /// Everything added so far.
    public var total: Measurement {
        Self.measurement(frames: frames, squaredError: squaredError, samples: samples, ssimSum: ssimSum, ssimFrames: ssimFrames)
    }

    /// `10·log10(255² / MSE)`.
    public static func psnr(meanSquaredError mse: Double) -> Double {
        mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    private static func measurement(frames: Int, squaredError: Double, samples: Int, ssimSum: Double,
                                    ssimFrames: Int) -> Measurement {
        Measurement(frames: frames,
                    psnr: samples > 0 ? psnr(meanSquaredError: squaredError / Double(samples)) : nil,
                    ssim: ssimFrames > 0 ? ssimSum / Double(ssimFrames) : nil)
    }
}
