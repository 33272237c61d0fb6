import Foundation
import Testing
import TestSupport
import VideoIO
import VVAEPipeline
import VVAERuntime

/// `vvae encode` / `vvae decode` through the executable: the happy path and the input checks.
struct EncodeDecodeCommandTests {
    /// Converts the tiny 16z fixture once per test (the weight file is what users hand to the runtime).
    private func weights(_ model: String = "tiny16z") throws -> String {
        let folder = try FixturePaths.temporaryDirectory()
        let output = folder.appendingPathComponent("\(model).h5").path
        let result = try ToolRunner.run("vvae-convert", [FixturePaths.fixture("models/\(model)/\(model).ckpt").path, output,
                                                         "--config", FixturePaths.fixture("models/\(model)/config.yaml").path, "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return output
    }

    private func writeNpy(_ tensor: Tensor, in folder: URL, _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Npy.write(tensor, to: URL(fileURLWithPath: path))
        return path
    }

    @Test func encodeThenDecodeRoundTripsShapes() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let values: [Float] = (0..<(3 * 8 * 8 * 8)).map { (index: Int) -> Float in Float((index * 37) % 200) / 100 - 1 }
        let input = try writeNpy(try Tensor(shape: [1, 3, 8, 8, 8], scalars: values), in: folder, "clip.npy")
        let latent = folder.appendingPathComponent("latent.npy").path
        let encode = try ToolRunner.run("vvae", ["encode", "--weights", weights, input, "-o", latent])
        #expect(encode.status == 0, "\(encode.standardError)")
        let reported: String = encode.standardOutput
        #expect(reported.contains("peak memory"))
        #expect(try Npy.read(at: URL(fileURLWithPath: latent)).shape == [1, 16, 2, 4, 4])
        let output = folder.appendingPathComponent("out.npy").path
        let decode = try ToolRunner.run("vvae", ["decode", "--weights", weights, latent, "-o", output])
        #expect(decode.status == 0, "\(decode.standardError)")
        #expect(try Npy.read(at: URL(fileURLWithPath: output)).shape == [1, 3, 8, 8, 8])
    }

    @Test(arguments: [
        ("frames", [1, 3, 6, 8, 8], Float(0.5), "multiple of 4"),
        ("channels", [1, 4, 8, 8, 8], Float(0.5), "[B, 3, T, H, W]"),
        ("size", [1, 3, 8, 8, 7], Float(0.5), "multiples of 2"),
        ("range", [1, 3, 8, 8, 8], Float(3), "[-1, 1]"),
    ])
    func badInputsAreRefusedBeforeWork(label: String, shape: [Int], value: Float, message: String) throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let input = try writeNpy(try Tensor(repeating: value, shape: shape), in: folder, "\(label).npy")
        let output = folder.appendingPathComponent("latent.npy").path
        let result = try ToolRunner.run("vvae", ["encode", "--weights", weights, input, "-o", output])
        #expect(result.status != 0)
        #expect(result.standardError.contains(input), "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func textGuidedWeightsWithoutTextSayWhatIsMissing() throws {
        let weights = try weights("tinytext")
        let folder = try FixturePaths.temporaryDirectory()
        let input = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 3, 8, 8, 8]), in: folder, "clip.npy")
        let result = try ToolRunner.run("vvae", ["encode", "--weights", weights, input, "-o", folder.appendingPathComponent("z.npy").path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("--text-embeddings"))
    }

    /// Embeddings of the wrong width (or a mask of the wrong shape) are named by their file, not by the layer that
    /// would have failed, and say what the weights take.
    @Test func textEmbeddingsOfTheWrongShapeNameTheirFile() throws {
        let weights = try weights("tinytext")
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 3, 8, 8, 8]), in: folder, "clip.npy")
        let narrow = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 4, 512]), in: folder, "t5-base.npy")
        let output = folder.appendingPathComponent("z.npy").path
        let wide = try ToolRunner.run("vvae", ["encode", "--weights", weights, input, "-o", output, "--text-embeddings", narrow])
        #expect(wide.status == 1)
        #expect(wide.standardError == "Error: \(narrow): holds an array of shape [1, 4, 512]; these weights take text embeddings [B, L, 1024] (flan-t5-large's width), as `vvae embed-text` writes them\n",
                "\(wide.standardError)")
        let embeddings = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 4, 1024]), in: folder, "t5.npy")
        let mask = try writeNpy(try Tensor(repeating: 1, shape: [1, 5]), in: folder, "mask.npy")
        let masked = try ToolRunner.run("vvae", ["encode", "--weights", weights, input, "-o", output, "--text-embeddings", embeddings,
                                                 "--text-mask", mask])
        #expect(masked.status == 1)
        #expect(masked.standardError.contains("\(mask): holds a mask of shape [1, 5], not [B, L] = [1, 4] like the embeddings in \(embeddings)"),
                "\(masked.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// Embeddings given to a model that takes none would be silently ignored: refused, naming the weight file.
    @Test func textForAModelWithoutTextIsRefused() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let input = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 3, 8, 8, 8]), in: folder, "clip.npy")
        let embeddings = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 4, 1024]), in: folder, "t5.npy")
        let output = folder.appendingPathComponent("z.npy").path
        let result = try ToolRunner.run("vvae", ["encode", "--weights", weights, input, "-o", output,
                                                 "--text-embeddings", embeddings])
        #expect(result.status != 0)
        #expect(result.standardError.contains(weights), "\(result.standardError)")
        #expect(result.standardError.contains("not text-guided"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func existingOutputAndMissingWeightsAreRefused() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let input = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 3, 8, 8, 8]), in: folder, "clip.npy")
        let existing = try writeNpy(try Tensor(repeating: 7, shape: [1]), in: folder, "exists.npy")
        let again = try ToolRunner.run("vvae", ["encode", "--weights", weights, input, "-o", existing])
        #expect(again.status != 0)
        #expect(again.standardError.contains("already exists"))
        #expect(try Npy.read(at: URL(fileURLWithPath: existing)).scalars == [7])
        let missing = try ToolRunner.run("vvae", ["encode", "--weights", folder.appendingPathComponent("nope.h5").path, input, "-o",
                                                  folder.appendingPathComponent("z.npy").path])
        #expect(missing.status != 0)
        #expect(missing.standardError.contains("nope.h5"))
    }

    /// An output whose name promises another kind of file is refused before any work, and nothing is written.
    @Test func outputNamesThatContradictWhatWouldBeWrittenAreRefused() throws {
        let weights = try weights()
        let folder = try FixturePaths.temporaryDirectory()
        let input = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 3, 8, 8, 8]), in: folder, "clip.npy")
        let latent = try writeNpy(try Tensor(repeating: 0.1, shape: [1, 16, 2, 1, 1]), in: folder, "lat.npy")
        let video = FixturePaths.fixture("demo/clip.mp4").path
        let cases: [([String], String)] = [
            (["encode", "--weights", weights, input, "-o", folder.appendingPathComponent("lat.h5").path], "would be NumPy (.npy) data but its name ends in .h5"),
            (["decode", "--weights", weights, latent, "-o", folder.appendingPathComponent("x.mp4").path], "would be NumPy (.npy) data but its name ends in .mp4"),
            (["encode", "--weights", weights, video, "-o", folder.appendingPathComponent("lat.png").path], "would be HDF5 data but its name ends in .png"),
            (["reconstruct", "--weights", weights, input, "-o", folder.appendingPathComponent("r.mp4").path], "would be NumPy (.npy) data but its name ends in .mp4"),
            (["reconstruct", "--weights", weights, video, "-o", folder.appendingPathComponent("r.safetensors").path], "would be video data but its name ends in .safetensors"),
        ]
        for (arguments, message) in cases {
            let result = try ToolRunner.run("vvae", arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(arguments.last ?? "-"), "the error names the output")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["clip.npy", "lat.npy"])
    }
}

/// Files an earlier vvae wrote (Fixtures/formats) keep reading: a format is a promise.
struct RecordedLatentFileTests {
    @Test func aLatentFileVersion1StillReadsAndDecodes() throws {
        let recorded = FixturePaths.fixture("formats/latent-v1.h5").path
        let file = try LatentFile.read(recorded)
        #expect(file.frameCount == 6 && file.width == 40 && file.height == 24 && file.chunkFrames == 4)
        #expect(file.chunkOverlap == 0 && !file.imageMode && file.frameRate.numerator == 12 && file.frameRate.denominator == 1)
        #expect(file.latent.shape == [1, 16, 2, 12, 20])
        let folder = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let weights = VideoCommandMedia.tiny16zWeights
        // The same clip encoded by this build gives the same latent, to float32 rounding.
        let again = folder.appendingPathComponent("again.h5").path
        let encode = try ToolRunner.run("vvae", ["encode", "--weights", weights, FixturePaths.fixture("formats/latent-v1-clip.mp4").path,
                                                 "-o", again, "--chunk-frames", "4", "--quiet"])
        #expect(encode.status == 0, "\(encode.standardError)")
        let fresh = try LatentFile.read(again)
        #expect(fresh.latent.shape == file.latent.shape)
        let largest = file.latent.scalars.map { abs($0) }.max() ?? 0
        let difference = zip(file.latent.scalars, fresh.latent.scalars).map { abs($0 - $1) }.max() ?? .infinity
        #expect(largest > 0.1 && difference <= 1e-4 * largest, "largest \(largest), difference \(difference)")
        let output = folder.appendingPathComponent("decoded.mkv").path
        let decode = try ToolRunner.run("vvae", ["decode", "--weights", weights, recorded, "-o", output, "--quiet"])
        #expect(decode.status == 0, "\(decode.standardError)")
        let probe = try VideoProbe(path: output)
        #expect(probe.frameCount == 6 && probe.width == 40 && probe.height == 24)
    }
}
