import VVAEPipeline
import Foundation
import HDF5Kit
import Testing
import TestSupport
import VVAERuntime

/// The text-guided pipeline without Python: `vvae-convert` of a Hugging Face T5 folder, `vvae embed-text`, and
/// `--text-encoder` on reconstruct / encode / decode, against embeddings recorded from transformers
/// (Fixtures/t5/wide: a one-block T5 as wide as flan-t5-large, made by make_t5_wide_fixture.py).
@Suite(.serialized) struct TextEncoderCommandTests {
    static func convert(_ arguments: [String]) throws -> ToolRunner.Result {
        try ToolRunner.run("vvae-convert", arguments)
    }

    static let files: Result<(t5: String, vae: String, folder: URL), any Error> = Result {
        let folder = try FixturePaths.temporaryDirectory("vvae-text")
        let t5 = folder.appendingPathComponent("wide-t5.h5").path
        let vae = folder.appendingPathComponent("tinytext.h5").path
        let first = try convert([FixturePaths.fixture("t5/wide").path, t5])
        guard first.status == 0 else { throw ToolFailure(first.standardError) }
        let second = try convert([FixturePaths.fixture("models/tinytext/tinytext.ckpt").path, vae,
                                  "--config", FixturePaths.fixture("models/tinytext/config.yaml").path, "--quiet"])
        guard second.status == 0 else { throw ToolFailure(second.standardError) }
        return (t5, vae, folder)
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let description: String
        init(_ text: String) { description = text }
    }

    static let recordedEmbeddings = FixturePaths.fixture("t5/wide/embeddings.npy").path
    static let recordedMask = FixturePaths.fixture("t5/wide/mask.npy").path
    static let caption = FixturePaths.fixture("t5/wide/caption.txt").path

    static func clip(in folder: URL, caption: Bool) throws -> String {
        let values: [Float] = (0..<(3 * 8 * 16 * 16)).map { Float(($0 * 37) % 200) / 100 - 1 }
        let path = folder.appendingPathComponent("clip.npy").path
        try Npy.write(try Tensor(shape: [1, 3, 8, 16, 16], scalars: values), to: URL(fileURLWithPath: path))
        if caption { try FileManager.default.copyItem(atPath: Self.caption, toPath: folder.appendingPathComponent("clip.txt").path) }
        return path
    }

    static func maxRelativeDifference(_ a: String, _ b: String) throws -> Double {
        let x = try Npy.read(at: URL(fileURLWithPath: a)), y = try Npy.read(at: URL(fileURLWithPath: b))
        guard x.shape == y.shape else { return .infinity }
        let magnitude = y.scalars.map { abs(Double($0)) }.max() ?? 0
        return zip(x.scalars, y.scalars).map { abs(Double($0) - Double($1)) }.max().map { $0 / magnitude } ?? .infinity
    }

    @Test func convertingAT5FolderKeepsTheEncoderAndTheTokenizer() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let output = folder.appendingPathComponent("t5.h5").path
        let result = try Self.convert([FixturePaths.fixture("t5/tiny").path, output])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("T5 encoder: 2 blocks, d_model 64"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("tokenizer from spiece.model"))
        let file = try HDF5File.open(atPath: output)
        #expect(try file.stringAttribute("format") == "vvae-text-encoder")
        #expect(try file.objectKind(at: "/decoder") == nil)
        #expect(try file.objectKind(at: "/tokenizer/spiece.model") == .dataset)
        let inspect = try ToolRunner.run("vvae-inspect", ["--verify", output])
        #expect(inspect.status == 0, "\(inspect.standardOutput)\(inspect.standardError)")
        // Every dataset is re-hashed: the encoder's tensors and the tokenizer file.
        let datasets = try file.datasets().count
        #expect(inspect.standardOutput.contains("\(datasets) of \(datasets) datasets match"), "\(inspect.standardOutput)")

        let again = try Self.convert([FixturePaths.fixture("t5/tiny").path, output])
        #expect(again.status != 0 && again.standardError.contains("already exists"), "\(again.standardError)")
        let withConfig = try Self.convert([FixturePaths.fixture("t5/tiny").path, folder.appendingPathComponent("b.h5").path,
                                           "--config", FixturePaths.fixture("models/tinytext/config.yaml").path])
        #expect(withConfig.status != 0 && withConfig.standardError.contains("config.json"), "\(withConfig.standardError)")
    }

    @Test func embedTextGivesTransformersEmbeddings() throws {
        let (t5, vae, _) = try Self.files.get()
        let folder = try FixturePaths.temporaryDirectory()
        let embeddings = folder.appendingPathComponent("e.npy").path
        let mask = folder.appendingPathComponent("m.npy").path
        let result = try ToolRunner.run("vvae", ["embed-text", "--text-encoder", t5, "--caption-file", Self.caption,
                                                 "--weights", vae, "-o", embeddings, "--mask-output", mask])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(try Self.maxRelativeDifference(embeddings, Self.recordedEmbeddings) <= 1e-5)
        #expect(try Npy.read(at: URL(fileURLWithPath: mask)) == Npy.read(at: URL(fileURLWithPath: Self.recordedMask)))
    }

    @Test func reconstructEmbedsTheCaptionBesideTheInput() throws {
        let (t5, vae, _) = try Self.files.get()
        let folder = try FixturePaths.temporaryDirectory()
        let input = try Self.clip(in: folder, caption: true)
        let ours = folder.appendingPathComponent("ours.npy").path
        let recorded = folder.appendingPathComponent("recorded.npy").path
        let withEncoder = try ToolRunner.run("vvae", ["reconstruct", "--weights", vae, "--text-encoder", t5, input, "-o", ours])
        #expect(withEncoder.status == 0, "\(withEncoder.standardError)")
        let withRecording = try ToolRunner.run("vvae", ["reconstruct", "--weights", vae, "--text-embeddings", Self.recordedEmbeddings,
                                                        "--text-mask", Self.recordedMask, input, "-o", recorded])
        #expect(withRecording.status == 0, "\(withRecording.standardError)")
        #expect(try Self.maxRelativeDifference(ours, recorded) <= 1e-5)

        // Without the .txt the caption is empty, as upstream: a different condition, a different output.
        try FileManager.default.removeItem(atPath: folder.appendingPathComponent("clip.txt").path)
        let empty = folder.appendingPathComponent("empty.npy").path
        let withoutCaption = try ToolRunner.run("vvae", ["reconstruct", "--weights", vae, "--text-encoder", t5, input, "-o", empty])
        #expect(withoutCaption.status == 0, "\(withoutCaption.standardError)")
        #expect(try Self.maxRelativeDifference(empty, recorded) > 1e-3)
    }

    @Test func aLatentFileKeepsTheCaptionSoDecodeMakesTheSameCondition() throws {
        let (t5, vae, _) = try Self.files.get()
        let folder = try FixturePaths.temporaryDirectory()
        let video = try VideoCommandMedia.clip(in: folder, width: 16, height: 16, frames: 8, audioEncoder: nil)
        try FileManager.default.copyItem(atPath: Self.caption, toPath: folder.appendingPathComponent("clip.txt").path)
        let latent = folder.appendingPathComponent("latent.h5").path
        let encode = try ToolRunner.run("vvae", ["encode", "--weights", vae, "--text-encoder", t5, video, "-o", latent])
        #expect(encode.status == 0, "\(encode.standardError)")
        let file = try HDF5File.open(atPath: latent)
        #expect(try file.stringAttribute("caption") == (try String(contentsOfFile: Self.caption, encoding: .utf8)))

        let fromRecord = folder.appendingPathComponent("a.npy").path
        let decode = try ToolRunner.run("vvae", ["decode", "--weights", vae, "--text-encoder", t5, latent, "-o", fromRecord])
        #expect(decode.status == 0, "\(decode.standardError)")
        #expect(!decode.standardError.contains("warning"), "\(decode.standardError)")
        let explicit = folder.appendingPathComponent("b.npy").path
        let decodeExplicit = try ToolRunner.run("vvae", ["decode", "--weights", vae, "--text-encoder", t5, "--caption-file", Self.caption,
                                                         latent, "-o", explicit])
        #expect(decodeExplicit.status == 0, "\(decodeExplicit.standardError)")
        #expect(try Npy.read(at: URL(fileURLWithPath: fromRecord)) == Npy.read(at: URL(fileURLWithPath: explicit)))

        let other = try ToolRunner.run("vvae", ["decode", "--weights", vae, "--text-encoder", t5, "--caption", "a dog",
                                                latent, "-o", folder.appendingPathComponent("c.npy").path])
        #expect(other.status == 0, "\(other.standardError)")
        #expect(other.standardError.contains("warning: this text condition differs"), "\(other.standardError)")

        let withoutEncoder = try ToolRunner.run("vvae", ["decode", "--weights", vae, latent, "-o", folder.appendingPathComponent("d.npy").path])
        #expect(withoutEncoder.status != 0)
        #expect(withoutEncoder.standardError.contains("--text-encoder") && withoutEncoder.standardError.contains("records its caption"),
                "\(withoutEncoder.standardError)")
    }

    @Test func textOptionsThatCannotWorkAreRefusedBeforeWork() throws {
        let (t5, vae, _) = try Self.files.get()
        let folder = try FixturePaths.temporaryDirectory()
        let input = try Self.clip(in: folder, caption: false)
        let output = folder.appendingPathComponent("out.npy").path
        let cases: [([String], String)] = [
            (["--weights", vae, "--caption", "a cat"], "--caption needs --text-encoder"),
            (["--weights", vae], "--text-encoder"),
            (["--weights", VideoCommandMedia.tiny16zWeights, "--text-encoder", t5], "not text-guided"),
            (["--weights", vae, "--text-encoder", vae], "not a text encoder"),
            (["--weights", vae, "--text-encoder", t5, "--text-dtype", "float16"], "--text-dtype"),
            (["--weights", vae, "--text-encoder", t5, "--text-embeddings", Self.recordedEmbeddings], "pass one"),
        ]
        for (arguments, message) in cases {
            let result = try ToolRunner.run("vvae", ["reconstruct"] + arguments + [input, "-o", output])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }
}

extension TextEncoderCommandTests {
    /// Each of the two files handed where the other belongs says which is which.
    @Test func aTextEncoderGivenAsWeightsSaysWhereItBelongs() throws {
        let (t5, _, _) = try Self.files.get()
        let folder = try FixturePaths.temporaryDirectory()
        let input = try Self.clip(in: folder, caption: false)
        let result = try ToolRunner.run("vvae", ["reconstruct", "--weights", t5, input, "-o", folder.appendingPathComponent("o.npy").path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("text-encoder file") && result.standardError.contains("--text-encoder"), "\(result.standardError)")
    }
}
