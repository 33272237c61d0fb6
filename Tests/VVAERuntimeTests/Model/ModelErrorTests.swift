import VVAEFormats
import Foundation
import HDF5Kit
import Testing
import TestSupport
import VVAERuntime
import VVAEWeights

/// Bad weight files and bad calls give typed errors that name the key or module.
@Suite struct ModelErrorTests {
    /// Copies the converted tiny16z weight file, leaving out `drop` and replacing `reshape`'s shape.
    private func rewrittenWeights(dropping drop: String? = nil, reshaping reshape: String? = nil) throws -> String {
        let source = try WeightFile(path: GoldenModel.named("tiny16z").weightsPath)
        let destination = try FixturePaths.temporaryDirectory("vvae-model-errors").appendingPathComponent("w.h5").path
        let writer = try WeightFileWriter(destination: destination, overwrite: false)
        for entry in source.entries where entry.key != drop {
            let bytes = try source.bytes(entry.key)
            let type = try #require(entry.elementType)
            if entry.key == reshape {
                try writer.write(key: entry.key, elementType: type, shape: [1, entry.shape.reduce(1, *)], bytes: bytes,
                                 sourceDType: "float32")
            } else {
                try writer.write(key: entry.key, elementType: type, shape: entry.shape, bytes: bytes, sourceDType: "float32")
            }
        }
        try writer.finish(header: WeightFileHeader(configYAML: source.configYAML, configName: source.configName))
        return destination
    }

    @Test func missingWeightIsNamed() throws {
        let path = try rewrittenWeights(dropping: "encoder.mid.attn_1_tmp.norm.weight")
        let error = try #require(throws: ModelError.self) { _ = try VideoVAEModel(weightsAt: path) }
        #expect(error.kind == .missingWeight)
        #expect(error.key == "encoder.mid.attn_1_tmp.norm.weight")
        #expect(error.file == path)
    }

    /// A model without cross-attention would ignore text embeddings: every entry point refuses them.
    @Test func textForAModelWithoutTextIsRefused() throws {
        let model = try VideoVAEModel(weightsAt: GoldenModel.named("tiny16z").weightsPath)
        #expect(!model.needsText)
        let text = try TextCondition(embeddings: Tensor(repeating: 0.1, shape: [1, 4, 1024]), mask: nil)
        let clip = try Tensor(repeating: 0.1, shape: [1, 3, 8, 8, 8])
        let error = try #require(throws: ModelError.self) { _ = try model.encode(clip, text: text) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("not text-guided"))
        let latent = try model.encode(clip).latent
        #expect(throws: ModelError.self) { _ = try model.decode(latent, text: text) }
    }

    @Test func misShapedWeightIsNamed() throws {
        let path = try rewrittenWeights(reshaping: "decoder_temporal.mid_blocks.0.up.weight")
        let error = try #require(throws: ModelError.self) { _ = try VideoVAEModel(weightsAt: path) }
        #expect(error.kind == .weightShape)
        #expect(error.key == "decoder_temporal.mid_blocks.0.up.weight")
        #expect(error.description.contains("[64, 64, 3, 3, 3]"))
    }

    @Test func unknownModuleIsNamed() throws {
        let model = try GoldenModel.named("tiny16z").model
        let error = try #require(throws: ModelError.self) {
            _ = try model.runModule(named: "encoder.down.7.block.0", inputs: ModuleInputs())
        }
        #expect(error.kind == .unknownModule)
        #expect(error.key == "encoder.down.7.block.0")
        #expect(model.moduleNames.contains("encoder.mid.attn_1_tmp.relative_position_v"))
        #expect(model.moduleNames.contains("decoder_temporal.mid_blocks.1.up"))
    }

    @Test func textModelWithoutTextIsRejected() throws {
        let golden = try GoldenModel.named("tinytext")
        #expect(golden.model.needsText)
        let input = try golden.recording("golden.h5").tensor(at: "/input")
        let error = try #require(throws: ModelError.self) { _ = try golden.model.encode(input) }
        #expect(error.kind == .missingText)
    }

    @Test func wrongInputShapeIsRejected() throws {
        let model = try GoldenModel.named("tiny16z").model
        let error = try #require(throws: ModelError.self) { _ = try model.encode(Tensor(zeros: [1, 4, 8, 8, 8])) }
        #expect(error.kind == .invalidInput)
        #expect(throws: ModelError.self) { _ = try model.decode(Tensor(zeros: [1, 3, 2, 4, 4])) }
    }
}
