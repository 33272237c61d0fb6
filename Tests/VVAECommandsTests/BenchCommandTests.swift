import Foundation
import Testing
import TestSupport
import VideoVAEConfig
import VVAERuntime
import VVAEWeights
import WeightConversion

/// Synthetic weights and `vvae bench` on the tiny fixture config. No timings are asserted: only that the numbers
/// exist, the files are valid and the same seed gives the same weights.
struct BenchCommandTests {
    private let tinyConfig = FixturePaths.fixture("models/tiny16z/config.yaml")

    private func writeSynthetic(seed: UInt64) throws -> String {
        let config = try VideoVAEModelConfig(contentsOf: tinyConfig)
        let path = try FixturePaths.temporaryDirectory().appendingPathComponent("synthetic.h5").path
        try SyntheticWeights(config: config, seed: seed).write(to: path, configName: "tiny16z", overwrite: false,
                                                               toolVersion: "test")
        return path
    }

    @Test func syntheticWeightsAreAValidWeightFileForTheConfig() throws {
        let path = try writeSynthetic(seed: 7)
        let file = try WeightFile(path: path)
        let expected = try VideoVAEModelConfig(contentsOf: tinyConfig).expectedWeights()
        #expect(file.entries.map(\.key).sorted() == expected.map(\.key).sorted())
        for spec in expected {
            #expect(file.entry(spec.key)?.shape == spec.shape, "\(spec.key)")
        }
        #expect(file.configYAML == (try String(contentsOf: tinyConfig, encoding: .utf8)))
        #expect(try file.verify().allSatisfy { $0.result == .ok })
        // The runtime builds the model from it and runs it without NaNs.
        let model = try VideoVAEModel(weightsAt: path)
        let clip = try Tensor(shape: [1, 3, 8, 8, 8], scalars: (0..<(3 * 8 * 8 * 8)).map { Float($0 % 17) / 8 - 1 })
        let latent = try model.encode(clip).latent
        let video = try model.decode(latent)
        #expect(video.shape == [1, 3, 8, 8, 8])
        let finite = video.withUnsafeBufferPointer { values in values.allSatisfy { $0.isFinite } }
        #expect(finite)
    }

    @Test func sameSeedSameWeightsOtherSeedOtherWeights() throws {
        let first = try WeightFile(path: writeSynthetic(seed: 3))
        let again = try WeightFile(path: writeSynthetic(seed: 3))
        let other = try WeightFile(path: writeSynthetic(seed: 4))
        var differing = 0
        for entry in first.entries {
            #expect(try first.bytes(entry.key) == again.bytes(entry.key), "\(entry.key)")
            if try first.bytes(entry.key) != other.bytes(entry.key) { differing += 1 }
        }
        #expect(differing == first.entries.count)
    }

    /// The full-size 16z scaling, checked on single tensors (writing the whole 1.9 GB file is the bench's job).
    @Test func fullSizeTensorsAreScaledByRole() throws {
        let synthetic = SyntheticWeights(config: try ShippedModelConfig.z16.load(), seed: 0)
        let specs = Dictionary(uniqueKeysWithValues: try synthetic.config.expectedWeights().map { ($0.key, $0) })
        func stats(_ key: String) throws -> (mean: Double, std: Double) {
            let values = synthetic.values(for: try #require(specs[key], "\(key)")).map(Double.init)
            let mean = values.reduce(0, +) / Double(values.count)
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
            return (mean, variance.squareRoot())
        }
        let norm = try stats("encoder.mid.attn_1_tmp.norm.weight")
        #expect(abs(norm.mean - 1) < 0.05 && norm.std > 0.05 && norm.std < 0.15)
        let bias = try stats("encoder.mid.block_2.conv1.bias")
        #expect(abs(bias.mean) < 0.02 && bias.std < 0.1 && bias.std > 0)
        // A plain conv: 1/√fan-in; TemporalConvLayer and temporal attention (zero upstream): non-zero, residual gain.
        let conv = try stats("encoder.mid.block_2.conv1.weight")
        #expect(abs(conv.std * (512.0 * 9).squareRoot() - 1) < 0.05)
        let temporalConv = try stats("encoder.mid.block_2.conv2_tmp.conv.weight")
        #expect(abs(temporalConv.std * (512.0 * 27).squareRoot() - 0.6) < 0.03)
        let attention = try stats("decoder.mid.attn_1_tmp.proj_out.weight")
        #expect(abs(attention.std * 512.0.squareRoot() - 0.6) < 0.03)
        // Transposed conv [in, out, 3, 3, 3] with stride 2 in time: fan-in is in · 27 / 2.
        let up = try stats("decoder_temporal.mid_blocks.0.up.weight")
        #expect(abs(up.std * (512.0 * 27 / 2).squareRoot() - 1) < 0.05)
    }

    @Test func benchOnTheTinyConfigPrintsATable() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let result = try ToolRunner.run("vvae", ["bench", "--config", tinyConfig.path, "--size", "16", "--runs", "2",
                                                 "--threads", "1", "--work-dir", folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("step") && $0.contains("vvae time") && $0.contains("vvae peak") })
        for step in ["encode ", "decode ", "encode+decode "] {
            #expect(lines.contains { $0.hasPrefix(step) && $0.contains(" s ") && $0.contains("MiB") }, "\(step)")
        }
        #expect(!result.standardOutput.contains("peer"))
        #expect(try Npy.read(at: folder.appendingPathComponent("video.npy")).shape == [1, 3, 8, 16, 16])
    }

    /// A stand-in peer that runs vvae itself: the bench must show both sides, ratios and a zero output difference.
    @Test func benchWithAPeerShowsRatiosAndOutputDifferences() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let vvae = ToolRunner.productsDirectory.appendingPathComponent("vvae").path
        let script = folder.appendingPathComponent("peer.sh")
        // Arguments: --weights W --mode M --input IN --output OUT --threads N
        try "exec \"\(vvae)\" \"$4\" --weights \"$2\" \"$6\" -o \"$8\" --threads \"${10}\" --force --quiet\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let result = try ToolRunner.run("vvae", ["bench", "--config", tinyConfig.path, "--size", "8", "--runs", "1",
                                                 "--threads", "1", "--work-dir", folder.path, "--peer", "/bin/sh \(script.path)"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("peer time"))
        #expect(result.standardOutput.contains("memory ratio"))
        #expect(result.standardOutput.contains("latent: max |ours - peer| 0,"))
        #expect(result.standardOutput.contains("video: max |ours - peer| 0,"))
    }

    /// A text-guided config: seeded embeddings and mask are made once and given to ours and to every peer (a stand-in
    /// peer that runs vvae with the flags it was handed must then agree with ours exactly).
    @Test func textGuidedConfigGivesEverySideTheSameTextCondition() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let vvae = ToolRunner.productsDirectory.appendingPathComponent("vvae").path
        let script = folder.appendingPathComponent("peer.sh")
        // Arguments: --weights W --mode M --input IN --output OUT --threads N --text-embeddings E --text-mask K
        try """
            [ "${11}" = --text-embeddings ] && [ "${13}" = --text-mask ] || exit 3
            exec "\(vvae)" "$4" --weights "$2" "$6" -o "$8" --threads "${10}" --text-embeddings "${12}" --text-mask "${14}" --force --quiet

            """.write(to: script, atomically: true, encoding: .utf8)
        let config = FixturePaths.fixture("models/tinytext/config.yaml").path
        let result = try ToolRunner.run("vvae", ["bench", "--config", config, "--size", "16", "--runs", "1",
                                                 "--threads", "1", "--work-dir", folder.path, "--peer", "/bin/sh \(script.path)"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("text condition: seeded embeddings"))
        #expect(result.standardOutput.contains("latent: max |ours - peer| 0,"))
        #expect(result.standardOutput.contains("video: max |ours - peer| 0,"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let embeddings = try #require(files.first { $0.hasPrefix("text-") && $0.hasSuffix(".npy") })
        let mask = try #require(files.first { $0.hasPrefix("mask-") && $0.hasSuffix(".npy") })
        let e = try Npy.read(at: folder.appendingPathComponent(embeddings))
        let m = try Npy.read(at: folder.appendingPathComponent(mask))
        #expect(e.shape.count == 3 && e.shape[0] == 1 && e.shape[2] == 1024)
        #expect(m.shape == [1, e.shape[1]])
        #expect(m.scalars.contains(1) && m.scalars.contains(0))
    }

    @Test func failingPeerIsReportedWithItsLog() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let result = try ToolRunner.run("vvae", ["bench", "--config", tinyConfig.path, "--size", "8", "--runs", "1",
                                                 "--work-dir", folder.path, "--peer", "/bin/false"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("/bin/false"))
        #expect(result.standardError.contains("bench.log"))
    }

    @Test func unknownConfigIsRefused() throws {
        let result = try ToolRunner.run("vvae", ["bench", "--config", "32z", "--work-dir",
                                                 try FixturePaths.temporaryDirectory().path])
        #expect(result.status != 0)
        #expect(result.standardError.contains("32z"))
    }

    /// `vvae bench convert`: ours, the peer and cp each run once per round, in rotating order; outputs are removed.
    @Test func convertBenchRunsEverySideAndReportsRatios() throws {
        let folder = try FixturePaths.temporaryDirectory()
        let script = folder.appendingPathComponent("peer.sh")
        // The peer gets CHECKPOINT OUTPUT; a plain copy stands in for the Python one.
        try "exec cp \"$1\" \"$2\"\n".write(to: script, atomically: true, encoding: .utf8)
        let work = folder.appendingPathComponent("work")
        let result = try ToolRunner.run("vvae", ["bench", "convert", FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path,
                                                 "--config", FixturePaths.fixture("models/tiny4z/config.yaml").path,
                                                 "--runs", "2", "--work-dir", work.path, "--peer", "/bin/sh \(script.path)"])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("vvae convert") })
        #expect(lines.contains { $0.hasPrefix("peer") && $0.contains("MiB") })
        #expect(lines.contains { $0.hasPrefix("cp") })
        #expect(result.standardOutput.contains("vvae ÷ this (best)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path) == ["bench.log"])
        let failing = try ToolRunner.run("vvae", ["bench", "convert", FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path,
                                                  "--runs", "1", "--work-dir", work.path])
        #expect(failing.status != 0)
        #expect(failing.standardError.contains("bench.log"))
    }
}
