import Foundation
import Testing
import TestSupport
import VideoIO

/// `vvae demo` on the bundled demo model and clip: the whole chain, ending in a reconstructed video.
struct DemoCommandTests {
    @Test func demoReconstructsTheBundledClipKeepingFrameCountAndRate() throws {
        let folder = try FixturePaths.temporaryDirectory("vvae-demo-test")
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = FixturePaths.fixture("demo/clip.mp4").path
        // The bundled paths are given explicitly so the test does not depend on the working directory.
        let result = try ToolRunner.run("vvae", [
            "demo", "--output-dir", folder.path,
            "--checkpoint", FixturePaths.fixture("demo/demo16.ckpt").path,
            "--config", FixturePaths.fixture("demo/config.yaml").path,
            "--clip", clip,
        ])
        #expect(result.status == 0, "\(result.standardError)")

        // The demo must convince: the numbers it prints for the bundled model (Fixtures/demo/README.md).
        let metrics = try #require(result.standardOutput.split(separator: "\n").first { $0.hasPrefix("PSNR ") },
                                   "no metrics line in \(result.standardOutput)")
        let words = metrics.split(separator: " ")
        let psnr = try #require(Double(words[1]), "\(metrics)")
        let ssim = try #require(words.firstIndex(of: "SSIM").flatMap { Double(words[$0 + 1].trimmingCharacters(in: .punctuationCharacters)) },
                                "\(metrics)")
        #expect(psnr >= 24, "\(metrics)")
        #expect(ssim >= 0.8, "\(metrics)")

        let output = folder.appendingPathComponent("clip-reconstructed.mp4").path
        let input = try VideoProbe(path: clip)
        let reconstructed = try VideoProbe(path: output)
        #expect(reconstructed.frameCount == input.frameCount)
        #expect(reconstructed.frameRate == input.frameRate)
        #expect(reconstructed.width == input.width && reconstructed.height == input.height)
        #expect(reconstructed.hasAudio == input.hasAudio)

        // The side-by-side picture: input | reconstruction | difference, one frame, as the demo says.
        let comparison = folder.appendingPathComponent("clip-comparison.png").path
        #expect(result.standardOutput.contains("== 6. compare one frame → \(comparison)"))
        let picture = try VideoProbe(path: comparison)
        #expect(picture.isImage)
        #expect(picture.width == 3 * input.width + 2 * ComparisonImage.gap && picture.height == input.height)
        let frame = try #require(try VideoReader(probe: picture).readAll().first)
        let left = try #require(try VideoReader(probe: input).readAll().dropFirst(input.frameCount / 2).first)
        #expect(frame.pixel(x: 3, y: 5) == left.pixel(x: 3, y: 5), "the left panel is the input's middle frame")
    }
}
