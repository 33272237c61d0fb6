import Foundation
import Testing
import TestSupport
import VideoIO
import VideoVAEConfig
import VVAEPipeline
import VVAERuntime
import VVAEWeights
import WeightConversion

/// The program of Docs/LIBRARY.md, line for line (the fixture model and a generated clip instead of a released
/// checkpoint): a Swift program converts, encodes and decodes with the library products alone, no command line.
struct LibraryUsageTests {
    @Test func convertEncodeAndDecodeWithTheLibrariesAlone() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let clip = path("clip.mkv")
        let ffmpeg = try FFmpegTools.locate()
        let make = Process()
        make.executableURL = URL(fileURLWithPath: ffmpeg.ffmpeg)
        make.arguments = ["-v", "error", "-f", "lavfi", "-i", "testsrc2=size=40x24:rate=12", "-frames:v", "8", "-c:v", "ffv1", clip]
        try make.run()
        make.waitUntilExit()
        #expect(make.terminationStatus == 0)
        let checkpoint = FixturePaths.fixture("models/tiny16z/tiny16z.ckpt").path
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("models/tiny16z/config.yaml"))

        // 1. Convert: the checkpoint is read by vvae's own unpickler and checked against the config.
        let converter = WeightConverter(options: .init(toolVersion: "my-app 1.0"))
        try converter.convert(checkpointPath: checkpoint, outputPath: path("model.h5"),
                              candidates: [ModelCandidate(config: config, name: "config.yaml")])

        // 2. Encode a video into a latent file.
        let weights = try WeightFile(path: path("model.h5"))
        let model = try VideoVAEModel(weights: weights)
        let tools = try FFmpegTools.locate()
        let encoder = VideoLatentEncoder(model: model, weights: .init(weights), settings: .init(chunkFrames: 16), tools: tools)
        var source = try encoder.open(clip)
        let coder = TiledCoder(model: model, tiling: nil)
        let latent = try encoder.encode(&source, path: clip, coder: coder, text: nil, record: nil, keepAudio: true)
        try latent.write(to: path("clip.h5"), overwrite: true)

        // 3. Decode it back into a video with the original size and frame rate.
        let file = try LatentFile.read(path("clip.h5"))
        let decoder = try VideoLatentDecoder(model: model, file: file, path: path("clip.h5"), identity: .init(weights))
        let summary = try decoder.decode(to: path("clip-rec.mp4"), coder: coder, text: nil, codec: "libx264", crf: 15,
                                         overwrite: true, tools: tools)

        #expect(latent.latent.shape == [1, 16, 2, 12, 20])
        #expect(summary.contains("8 frames"), "\(summary)")
        let probe = try VideoProbe(path: path("clip-rec.mp4"))
        #expect(probe.frameCount == 8 && probe.width == 40 && probe.height == 24)
    }
}
