import Foundation
import Testing
import TestSupport
@testable import VideoVAEConfig

@Suite struct ExpectedWeightsTests {
    @Test func indexListsTheShippedConfigsAndVariants() {
        let rows = ManifestIndexRow.all
        #expect(rows.count >= 8)
        for shipped in ShippedModelConfig.allCases {
            #expect(rows.contains { $0.config == "Configs/\(shipped.fileName)" }, "\(shipped.fileName) has no recorded manifest")
        }
    }

    /// Key for key, shape for shape and in order, what the original PyTorch code builds for the config.
    @Test(arguments: ManifestIndexRow.all)
    func derivedWeightsEqualRecordedManifest(_ row: ManifestIndexRow) throws {
        let manifest = try ManifestFile(url: row.manifestURL)
        let config = try VideoVAEModelConfig(contentsOf: row.configURL)
        let derived = try config.expectedWeights(embedDim: row.suppliedEmbedDim)

        #expect(manifest.entries.allSatisfy { $0.dtype == "float32" })
        #expect(derived.count == manifest.entries.count)
        let recorded = manifest.weightSpecs
        // Report the first divergence precisely rather than two huge arrays.
        let firstDifference = zip(derived, recorded).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(firstDifference == nil, "first difference at #\(firstDifference?.offset ?? -1): derived \(firstDifference?.element.0.description ?? "") vs recorded \(firstDifference?.element.1.description ?? "")")
    }

    @Test func missingEmbedDimSaysExactlyWhatIsMissing() throws {
        let config = try ShippedModelConfig.z4Text.load()
        #expect(config.useQuantConv && config.embedDim == nil)
        let error = try #require(throws: ConfigError.self) { try config.expectedWeights(embedDim: nil) }
        #expect(error.kind == .missingEmbedDim)
        #expect(error.keyPath == "model.params.embed_dim")
        #expect(error.message.contains("use_quant_conv is true but embed_dim is missing"))
        #expect(error.description.hasPrefix("config_4z_text.yaml: model.params.embed_dim: "))
    }

    @Test func embedDimIsInferredFromTheQuantConvShapes() throws {
        let manifest = try ManifestFile(url: FixturePaths.fixture("manifests/config_4z_text.manifest.tsv"))
        let quant = try #require(manifest.shape(of: "quant_conv.weight"))
        let postQuant = try #require(manifest.shape(of: "post_quant_conv.weight"))
        let inferred = try #require(VideoVAEModelConfig.inferEmbedDim(quantConvWeightShape: quant))
        #expect(VideoVAEModelConfig.inferEmbedDim(postQuantConvWeightShape: postQuant) == inferred)
        let config = try ShippedModelConfig.z4Text.load()
        #expect(try config.expectedWeights(embedDim: inferred) == manifest.weightSpecs)

        #expect(VideoVAEModelConfig.inferEmbedDim(quantConvWeightShape: [7, 8, 1, 1, 1]) == nil)
        #expect(VideoVAEModelConfig.inferEmbedDim(quantConvWeightShape: [8, 8, 3, 1, 1]) == nil)
        #expect(VideoVAEModelConfig.inferEmbedDim(quantConvWeightShape: [8, 8]) == nil)
    }

    @Test func conflictingEmbedDimIsAnError() throws {
        let config = try ShippedModelConfig.z4.load()
        #expect(try config.expectedWeights(embedDim: 4).count == config.expectedWeights().count)
        let error = try #require(throws: ConfigError.self) { try config.expectedWeights(embedDim: 8) }
        #expect(error.kind == .conflictingEmbedDim)
    }

    @Test func embedDimIsIgnoredWithoutQuantConv() throws {
        let config = try ShippedModelConfig.z16.load()
        let weights = try config.expectedWeights(embedDim: nil)
        #expect(!weights.contains { $0.key.hasPrefix("quant_conv") || $0.key.hasPrefix("post_quant_conv") })
    }

    @Test func withEmbedDimWritesItIntoTheConfigText() throws {
        let config = try ShippedModelConfig.z4Text.load()
        let completed = try config.withEmbedDim(4)
        #expect(completed.embedDim == 4)
        #expect(completed.yamlText.contains("embed_dim: 4"))
        let reread = try VideoVAEModelConfig(yamlText: completed.yamlText, sourceName: "reread.yaml")
        #expect(try reread.expectedWeights() == config.expectedWeights(embedDim: 4))
        // Everything else is the same text.
        let removed = completed.yamlText.split(separator: "\n").filter { !$0.contains("embed_dim: 4") }
        #expect(removed == config.yamlText.split(separator: "\n"))

        let flow = try VideoVAEModelConfig(yamlText: """
            model: {params: {use_quant_conv: true, ddconfig: {double_z: true, z_channels: 4, resolution: 8, in_channels: 3,
              out_ch: 3, ch: 32, ch_mult: [1], temporal_down_factor: 1, num_res_blocks: 1, attn_resolutions: []},
              ppconfig: {out_ch: 4, ch: 4, hidden_channel: 16}}}
            """, sourceName: "flow.yaml")
        #expect(throws: ConfigError.self) { try flow.withEmbedDim(4) }
    }

    @Test func textConditioningLayersFollowAttentionSettingsNotCaptionGuide() throws {
        // caption_guide only switches T5 on; the layers come from attn_resolutions / attn_temporal_factor.
        var text = try String(contentsOf: FixturePaths.configs.appendingPathComponent("config_16z_text.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "caption_guide: True", with: "caption_guide: False")
        let config = try VideoVAEModelConfig(yamlText: text, sourceName: "edited.yaml")
        let manifest = try ManifestFile(url: FixturePaths.fixture("manifests/config_16z_text.manifest.tsv"))
        #expect(try config.expectedWeights() == manifest.weightSpecs)
        #expect(config.hasTextCrossAttention)
    }
}
