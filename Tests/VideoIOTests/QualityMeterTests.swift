import Foundation
import Testing
@testable import VideoIO

struct QualityMeterTests {
    @Test func psnrPoolsTheSquaredErrorOfEveryChunk() {
        var meter = QualityMeter()
        // 12×12 frames: chunk one off by 1 everywhere (MSE 1), chunk two off by 3 (MSE 9); pooled MSE 5.
        let base = [UInt8](repeating: 100, count: 12 * 12 * 3)
        let first = meter.add([base.map { $0 + 1 }], reference: [base], width: 12, height: 12)
        let second = meter.add([base.map { $0 - 3 }], reference: [base], width: 12, height: 12)
        #expect(first.psnr == 10 * log10(255.0 * 255.0 / 1))
        #expect(second.psnr == 10 * log10(255.0 * 255.0 / 9))
        #expect(meter.total.psnr == 10 * log10(255.0 * 255.0 / 5))
        #expect(meter.total.frames == 2)
        // Flat frames: only the luminance term, (2·101·100 + C1)/(101² + 100² + C1) for the first.
        let c1 = 0.01 * 255 * (0.01 * 255)
        let ssimFirst = (2 * 101 * 100 + c1) / (101 * 101 + 100 * 100 + c1)
        let ssimSecond = (2 * 97 * 100 + c1) / (97 * 97 + 100 * 100 + c1)
        #expect(abs((first.ssim ?? 0) - ssimFirst) < 1e-12)
        #expect(abs((meter.total.ssim ?? 0) - (ssimFirst + ssimSecond) / 2) < 1e-12)
    }

    @Test func identicalFramesAndEmptyMeters() {
        var meter = QualityMeter()
        #expect(meter.total == .init(frames: 0, psnr: nil, ssim: nil))
        #expect(meter.total.description == "no frames measured")
        let frame = (0..<(16 * 16 * 3)).map { UInt8($0 % 251) }
        let same = meter.add([frame, frame], reference: [frame, frame], width: 16, height: 16)
        #expect(same.psnr == .infinity && same.ssim == 1)
        #expect(same.description == "PSNR inf dB, SSIM 1.0000")
        // Frames below the SSIM window give PSNR alone.
        var small = QualityMeter()
        let tiny = [UInt8](repeating: 9, count: 8 * 8 * 3)
        let measured = small.add([tiny.map { $0 + 2 }], reference: [tiny], width: 8, height: 8)
        #expect(measured.ssim == nil)
        #expect(measured.description == String(format: "PSNR %.2f dB", 10 * log10(255.0 * 255.0 / 4)))
    }
}
