import VVAEPipeline
import Foundation
import Testing
import TestSupport
import VideoIO
import VVAERuntime
@testable import VVAECommands

/// `vvae reconstruct` on sizes and frame counts that need padding, across chunk boundaries: the output keeps the
/// input's frame count, size and exact frame rate, and equals the runtime run on the same frames by hand.
@Suite(.timeLimit(.minutes(5)))
struct ReconstructShapeTests {
    private var weights: String { VideoCommandMedia.tiny16zWeights }

    /// 13 frames (not a multiple of 4) of 45×33 (odd: tiny16z needs multiples of 2), chunked by 4 and by 8.
    @Test(arguments: [4, 8])
    func oddSizeAndFrameCountAcrossChunkBoundariesEqualTheRuntimeByHand(chunkFrames: Int) throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 45, height: 33, frames: 13, rate: "24000/1001", audioEncoder: nil)
        let output = folder.appendingPathComponent("rec.npy").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", output,
                                                 "--chunk-frames", "\(chunkFrames)", "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let ours = try Npy.read(at: URL(fileURLWithPath: output))
        #expect(ours.shape == [1, 3, 13, 33, 45])

        // By hand: the 13 frames padded to 16 with the last one, cut into chunks, each padded (replicate) to 46×34,
        // encoded, decoded, cropped back to 45×33; the padding frames dropped.
        let model = try VideoVAEModel(weightsAt: weights)
        let frames = try VideoReader(path: clip).readAll().map(\.pixels)
        #expect(frames.count == 13)
        let plan = SpatialPlan(width: 45, height: 33, multiple: model.config.spatialCompression)
        #expect(plan.paddedWidth == 46 && plan.paddedHeight == 34)
        var pieces: [Tensor] = []
        for start in stride(from: 0, to: 16, by: chunkFrames) {
            let chunk = (start..<(start + chunkFrames)).map { frames[min($0, 12)] }
            let decoded = try model.decode(try model.encode(try FrameTensors.tensor(frames: chunk, plan: plan)).latent)
            let kept = min(start + chunkFrames, 13) - start
            pieces.append(try decoded.frames(0..<kept).slice(axis: 3, 0..<33).slice(axis: 4, 0..<45))
        }
        let expected = try Tensor.concatenate(pieces, axis: 2)
        #expect(ours.shape == expected.shape)
        #expect(ours.scalars == expected.scalars)
    }

    /// A video output keeps the frame count and the exact rational rate. 4:2:0 H.264 cannot hold an odd size, so
    /// the file gets one repeated edge column and row (VideoIO's `OddSizePolicy`), which the summary reports.
    @Test func oddSizedVideoKeepsFrameCountAndRate() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 45, height: 33, frames: 13, rate: "24000/1001")
        let output = folder.appendingPathComponent("rec.mp4").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", output, "--chunk-frames", "8"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("wrote \(output): 13 frames, 46x34 at 24000/1001 fps"))
        let probe = try VideoProbe(path: output)
        #expect(probe.frameCount == 13)
        #expect(probe.frameRate == FrameRate(numerator: 24000, denominator: 1001))
        #expect(probe.width == 46 && probe.height == 34)
        #expect(probe.audioCodec == "aac")
    }

    /// 10 frames of 70×90 (portrait), chunks of 4: three chunks, the last holding 2 real frames and 2 repeats.
    @Test func portraitClipInChunksOfFour() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = try VideoCommandMedia.clip(in: folder, width: 70, height: 90, frames: 10)
        let output = folder.appendingPathComponent("rec.mkv").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", output, "--chunk-frames", "4"])
        #expect(result.status == 0, "\(result.standardError)")
        let probe = try VideoProbe(path: output)
        #expect(probe.frameCount == 10)
        #expect(probe.width == 70 && probe.height == 90)
        #expect(probe.frameRate == FrameRate(numerator: 30000, denominator: 1001))
        #expect(probe.audioCodec == "aac")
    }

    /// An image in, an image out, at its own (odd) size: PNG holds any size.
    @Test func imageInImageOut() throws {
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = try VideoCommandMedia.clip(in: folder, name: "photo.png", width: 45, height: 33, frames: 1,
                                               videoEncoder: ["-frames:v", "1", "-update", "1"], audioEncoder: nil)
        let output = folder.appendingPathComponent("rec.png").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, image, "-o", output, "--metrics"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("over 1 frame ("))
        let probe = try VideoProbe(path: output)
        #expect(probe.isImage && probe.width == 45 && probe.height == 33)
    }
}
