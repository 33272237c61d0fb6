import VVAEPipeline
import Foundation
import Testing
import TestSupport
import VideoIO
import VVAERuntime
@testable import VVAECommands

/// `vvae reconstruct` on clips made by ffmpeg's test sources, with the tiny 16z fixture model.
struct ReconstructCommandTests {
    private func weights() throws -> String {
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent("tiny16z.h5").path
        let result = try ToolRunner.run("vvae-convert", [FixturePaths.fixture("models/tiny16z/tiny16z.ckpt").path, output,
                                                         "--config", FixturePaths.fixture("models/tiny16z/config.yaml").path, "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return output
    }

    /// 10 frames of 90×70 at 30000/1001 with a sine audio track; lossless video so frames are known exactly.
    private func makeClip(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("clip.mkv").path
        let tools = try FFmpegTools.locate()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tools.ffmpeg)
        process.arguments = ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=90x70:rate=30000/1001",
                             "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-frames:v", "10", "-t", "0.4",
                             "-c:v", "ffv1", "-pix_fmt", "bgr0", "-c:a", "aac", "-shortest", path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return path
    }

    @Test func videoKeepsFrameCountSizeRateAndAudio() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let clip = try makeClip(in: folder)
        let output = folder.appendingPathComponent("rec.mp4").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", output, "--chunk-frames", "8", "--metrics"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("PSNR"))
        let probe = try VideoProbe(path: output)
        #expect(probe.frameCount == 10)
        #expect(probe.width == 90 && probe.height == 70)
        #expect(probe.frameRate == FrameRate(numerator: 30000, denominator: 1001))
        #expect(probe.hasAudio)
    }

    @Test func npyOutputEqualsTheRuntimeRunByHand() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let clip = try makeClip(in: folder)
        let output = folder.appendingPathComponent("rec.npy").path
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", output, "--chunk-frames", "8"])
        #expect(result.status == 0, "\(result.standardError)")
        let ours = try Npy.read(at: URL(fileURLWithPath: output))
        #expect(ours.shape == [1, 3, 10, 70, 90])

        // By hand: frames 0–7 as one chunk; frames 8, 9 padded with frame 9 to 4 frames; 70×90 padded to 70×90
        // (tiny16z compresses space by 2, so no spatial padding is needed) — then encode, decode, crop.
        let model = try VideoVAEModel(weightsAt: weights)
        let frames = try VideoReader(path: clip).readAll().map(\.pixels)
        let plan = SpatialPlan(width: 90, height: 70, multiple: model.config.spatialCompression)
        var pieces: [Tensor] = []
        for chunk in [Array(frames[0..<8]), Array(frames[8..<10]) + [frames[9], frames[9]]] {
            let x = try FrameTensors.tensor(frames: chunk, plan: plan)
            let decoded = try model.decode(try model.encode(x).latent)
            pieces.append(decoded)
        }
        let expected = try Tensor.concatenate([pieces[0], try pieces[1].frames(0..<2)], axis: 2)
        #expect(ours.shape == expected.shape)
        #expect(ours.scalars == expected.scalars)
    }

    @Test func existingOutputAndBadChunkSizeAreRefused() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let clip = try makeClip(in: folder)
        let badChunk = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", folder.appendingPathComponent("a.mp4").path,
                                                   "--chunk-frames", "6"])
        #expect(badChunk.status != 0)
        #expect(badChunk.standardError.contains("multiple of 4"))
        let existing = folder.appendingPathComponent("exists.mp4").path
        _ = FileManager.default.createFile(atPath: existing, contents: Data("keep".utf8))
        let again = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", existing])
        #expect(again.status != 0)
        #expect(FileManager.default.contents(atPath: existing) == Data("keep".utf8))
        let text = folder.appendingPathComponent("notes.mp4").path
        _ = FileManager.default.createFile(atPath: text, contents: Data("not a video\n".utf8))
        let bad = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, text, "-o", folder.appendingPathComponent("b.mp4").path])
        #expect(bad.status != 0)
        #expect(bad.standardError.contains(text))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("b.mp4").path))
    }

    @Test func latentFileDecodesToWhatReconstructGivesAndRefusesOtherWeights() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let clip = try makeClip(in: folder)
        let latent = folder.appendingPathComponent("latents.h5").path
        let encode = try ToolRunner.run("vvae", ["encode", "--weights", weights, clip, "-o", latent, "--chunk-frames", "8"])
        #expect(encode.status == 0, "\(encode.standardError)")
        let decoded = folder.appendingPathComponent("decoded.npy").path
        let decode = try ToolRunner.run("vvae", ["decode", "--weights", weights, latent, "-o", decoded])
        #expect(decode.status == 0, "\(decode.standardError)")
        let reconstructed = folder.appendingPathComponent("rec.npy").path
        let reconstruct = try ToolRunner.run("vvae", ["reconstruct", "--weights", weights, clip, "-o", reconstructed, "--chunk-frames", "8"])
        #expect(reconstruct.status == 0, "\(reconstruct.standardError)")
        #expect(try Npy.read(at: URL(fileURLWithPath: decoded)) == Npy.read(at: URL(fileURLWithPath: reconstructed)))
        let video = folder.appendingPathComponent("decoded.mp4").path
        #expect(try ToolRunner.run("vvae", ["decode", "--weights", weights, latent, "-o", video]).status == 0)
        let probe = try VideoProbe(path: video)
        #expect(probe.frameCount == 10 && probe.width == 90 && probe.height == 70)
        #expect(probe.frameRate == FrameRate(numerator: 30000, denominator: 1001))

        let other = folder.appendingPathComponent("tiny4z.h5").path
        _ = try ToolRunner.run("vvae-convert", [FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path, other,
                                                "--config", FixturePaths.fixture("models/tiny4z/config.yaml").path, "--quiet"])
        let wrong = try ToolRunner.run("vvae", ["decode", "--weights", other, latent, "-o", folder.appendingPathComponent("x.mp4").path])
        #expect(wrong.status != 0)
        #expect(wrong.standardError.contains("was encoded by the weights of checkpoint"), "\(wrong.standardError)")
    }

    @Test func infoShowsTheVideoAndItsLatentShape() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let clip = try makeClip(in: folder)
        let result = try ToolRunner.run("vvae", ["info", clip])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("90x70, 10 frames at 30000/1001 fps"))
        // 16z: 10 frames → 12 (padded) → 3 latent frames; 70×90 → 72×96 (padded) → 9×12.
        #expect(result.standardOutput.contains("latent shape [1, 16, 3, 9, 12]"))
        let missing = try ToolRunner.run("vvae", ["info", folder.appendingPathComponent("none.mp4").path])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("none.mp4"))
    }
}
