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
        #expect(result.standardOutput.contains("PSNR"))

        let output = folder.appendingPathComponent("clip-reconstructed.mp4").path
        let input = try VideoProbe(path: clip)
        let reconstructed = try VideoProbe(path: output)
        #expect(reconstructed.frameCount == input.frameCount)
        #expect(reconstructed.frameRate == input.frameRate)
        #expect(reconstructed.width == input.width && reconstructed.height == input.height)
        #expect(reconstructed.hasAudio == input.hasAudio)
    }
}
