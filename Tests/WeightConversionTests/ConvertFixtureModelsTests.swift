import VVAEFormats
import Foundation
import HDF5Kit
import Testing
import TestSupport
import TorchCheckpoint
import VideoVAEConfig
import VVAESupport
import VVAEWeights
@testable import WeightConversion

/// Converts the small real models in Fixtures/models (saved by torch.save / Lightning) and reads the result back.
struct ConvertFixtureModelsTests {
    static let models = ["tiny16z", "tiny4z", "tinytext"]

    private func candidate(_ model: String) throws -> ModelCandidate {
        let url = FixturePaths.fixture("models/\(model)/config.yaml")
        return ModelCandidate(config: try VideoVAEModelConfig(contentsOf: url), name: "config.yaml")
    }

    private func convert(_ model: String, dtype: StoredDType = .float32) throws -> (checkpoint: String, output: String, result: WeightConverter.Result) {
        let checkpoint = FixturePaths.fixture("models/\(model)/\(model).ckpt").path
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent("\(model).h5").path
        let converter = WeightConverter(options: .init(dtype: dtype, toolVersion: "vvae test"))
        let result = try converter.convert(checkpointPath: checkpoint, outputPath: output, candidates: [try candidate(model)])
        return (checkpoint, output, result)
    }

    @Test(arguments: models)
    func everyFloat32ValueIsBitExact(model: String) throws {
        let (checkpointPath, output, result) = try convert(model)
        let checkpoint = try Checkpoint(path: checkpointPath)
        let weights = try WeightFile(path: output)
        let expected = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("models/\(model)/config.yaml"))
            .expectedWeights(embedDim: WeightConverter.embedDimFromQuantConv(WeightConverter.sourceTensors(of: checkpoint)))
        #expect(weights.entries.map(\.key).sorted() == expected.map(\.key).sorted())
        #expect(result.mapping.dropped.map(\.key).allSatisfy { $0.hasPrefix("loss.") } && result.mapping.dropped.count == 1)
        for mapped in result.mapping.matched {
            let record = try #require(checkpoint.tensor(named: mapped.source.name))
            #expect(weights.entry(mapped.key)?.shape == record.shape, "\(mapped.key)")
            let stored = try weights.bytes(mapped.key)
            let original = try checkpoint.readData(record)
            if stored != original {
                let index = zip(stored, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1
                Issue.record("\(model) \(mapped.key): first differing byte at \(index)")
            }
        }
        #expect(try weights.verify().allSatisfy { $0.result == .ok })
    }

    @Test func rootAttributesDescribeTheSourceAndTheModel() throws {
        let (checkpoint, output, result) = try convert("tinytext")
        let file = try HDF5File.open(atPath: output)
        #expect(try file.stringAttribute("format") == "vvae-weights")
        #expect(try file.int64Attribute("format_version") == 1)
        #expect(try file.stringAttribute("source_file") == "tinytext.ckpt")
        #expect(try file.stringAttribute("source_sha256") == StreamingDigest.hexDigest(ofFileAt: checkpoint))
        let size = try FileManager.default.attributesOfItem(atPath: checkpoint)[.size] as? Int
        #expect(try file.int64Attribute("source_size") == Int64(size ?? -1))
        #expect(try file.stringAttribute("source_format") == "torch-zip")
        #expect(try file.int64Attribute("tensor_count") == Int64(result.mapping.matched.count))
        #expect(try file.stringAttribute("dtype") == "float32")
        #expect(try file.stringAttribute("tool_version") == "vvae test")
        // tinytext's config omits embed_dim: the file records the value read off quant_conv, in the attribute and the YAML.
        #expect(try file.int64Attribute("embed_dim") == 4)
        let embedded = try VideoVAEModelConfig(yamlText: try file.stringAttribute("config_yaml"))
        #expect(embedded.embedDim == 4)
        #expect(embedded.captionGuide)
    }

    @Test func documentedLayoutHoldsForEveryDataset() throws {
        let (_, output, _) = try convert("tiny4z")
        let file = try HDF5File.open(atPath: output)
        let datasets = try file.datasets()
        #expect(!datasets.isEmpty)
        #expect(try file.datasetInfo("/encoder/down/0/block/0/conv1/weight").shape == [32, 32, 1, 3, 3])
        for info in datasets {
            #expect(info.layout == .contiguous, "\(info.path)")
            #expect(info.elementType == .float32, "\(info.path)")
            #expect((info.byteOffset ?? 1) % WeightFileFormat.alignment == 0, "\(info.path) is not aligned")
            #expect(try file.attributeNames(on: info.path) == ["sha256", "source_dtype"])
        }
    }

    @Test func bfloat16AndFloat16FilesHoldRoundedValues() throws {
        let (checkpointPath, bf16Output, _) = try convert("tiny4z", dtype: .bfloat16)
        let (_, f16Output, _) = try convert("tiny4z", dtype: .float16)
        let checkpoint = try Checkpoint(path: checkpointPath)
        let bf16 = try HDF5File.open(atPath: bf16Output)
        let f16 = try HDF5File.open(atPath: f16Output)
        let key = "encoder.conv_in.weight"
        let record = try #require(checkpoint.tensor(named: "state_dict/" + key))
        let originals = try checkpoint.readFloats(record)
        let path = WeightFileFormat.datasetPath(forKey: key)
        #expect(try bf16.datasetInfo(path).elementType == .bfloat16)
        #expect(try bf16.readBitPatterns(path) == originals.map(ElementConversion.bfloat16Bits))
        #expect(try f16.datasetInfo(path).elementType == .float16)
        #expect(try f16.readBitPatterns(path) == originals.map { Float16($0).bitPattern })
        #expect(try bf16.stringAttribute("source_dtype", on: path) == "float32")
    }

    @Test func shapeMismatchIsATableAndWritesNothing() throws {
        let checkpoint = FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path
        let folder = try FixturePaths.temporaryDirectory()
        let output = folder.appendingPathComponent("out.h5").path
        let converter = WeightConverter(options: .init(toolVersion: "vvae test"))
        do {
            try converter.convert(checkpointPath: checkpoint, outputPath: output, candidates: [try candidate("tiny16z")])
            Issue.record("a tiny4z checkpoint converted with the tiny16z config")
        } catch let error as ConversionError {
            let text = "\(error)"
            #expect(text.contains(checkpoint))
            #expect(text.contains("shape"))
            #expect(text.contains("encoder.down.1.block.0.conv1.weight"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func missingKeysAreListed() throws {
        // tinytext's config expects cross-attention layers a tiny4z checkpoint does not have.
        let checkpoint = FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path
        let output = try FixturePaths.temporaryDirectory().appendingPathComponent("out.h5").path
        let converter = WeightConverter(options: .init(toolVersion: "vvae test"))
        #expect {
            try converter.convert(checkpointPath: checkpoint, outputPath: output, candidates: [try candidate("tinytext")])
        } throws: { error in
            guard case ConversionError.mismatch(_, _, let mapping) = error else { return false }
            return mapping.missing.contains { $0.key == "encoder.down.0.attn.0.to_q.weight" } && mapping.unexpected.isEmpty
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func existingOutputIsKeptWithoutForceAndReplacedWithIt() throws {
        let (checkpoint, output, _) = try convert("tiny4z")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: output))
        let keep = WeightConverter(options: .init(toolVersion: "vvae test"))
        #expect(throws: SupportError.outputExists(path: output)) {
            try keep.convert(checkpointPath: checkpoint, outputPath: output, candidates: [try candidate("tiny4z")])
        }
        #expect(FileManager.default.contents(atPath: output) == Data("precious".utf8))
        let force = WeightConverter(options: .init(overwrite: true, toolVersion: "vvae test"))
        try force.convert(checkpointPath: checkpoint, outputPath: output, candidates: [try candidate("tiny4z")])
        #expect(try WeightFile(path: output).entries.count == 322)
    }

    @Test func unwritableOrMissingOutputFolderIsRefusedUpFront() throws {
        let checkpoint = FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path
        let converter = WeightConverter(options: .init(toolVersion: "vvae test"))
        let missing = "/nonexistent-vvae/out.h5"
        #expect(throws: SupportError.outputFolderMissing(path: missing)) {
            try converter.convert(checkpointPath: checkpoint, outputPath: missing, candidates: [try candidate("tiny4z")])
        }
        // /proc accepts no new files, even for root: the failure must name the file and leave nothing.
        let procOutput = "/proc/vvae-out.h5"
        #expect(throws: (any Error).self) {
            try converter.convert(checkpointPath: checkpoint, outputPath: procOutput, candidates: [try candidate("tiny4z")])
        }
        #expect(!FileManager.default.fileExists(atPath: procOutput))
    }

    @Test func unknownConfigKeyNamesTheKeyAndLine() throws {
        let original = try String(contentsOf: FixturePaths.fixture("models/tiny4z/config.yaml"), encoding: .utf8)
        let broken = original.replacingOccurrences(of: "num_res_blocks: 1", with: "num_res_block: 1")
        #expect(broken != original)
        #expect {
            _ = try VideoVAEModelConfig(yamlText: broken, sourceName: "broken.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("broken.yaml:") && text.contains("num_res_block") && text.contains("unknown config key")
        }
    }
}
