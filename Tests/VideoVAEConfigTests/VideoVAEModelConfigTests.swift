import Foundation
import Testing
import TestSupport
@testable import VideoVAEConfig

@Suite struct VideoVAEModelConfigTests {
    private func configText(_ name: String) throws -> String {
        try String(contentsOf: FixturePaths.configs.appendingPathComponent(name), encoding: .utf8)
    }

    /// A small valid config; `params`, `dd` and `pp` lines are spliced in to test one key at a time.
    private func smallConfig(params: String = "", dd: String = "", pp: String = "") -> String {
        """
        model:
          target: src.models.autoencoder2plus1d_1dcnn.AutoencoderKL2plus1D_1dcnn
          params:
            use_quant_conv: false
        \(params.isEmpty ? "" : "    " + params + "\n")    ddconfig:
              double_z: true
              z_channels: 4
              resolution: 32
              in_channels: 3
              out_ch: 3
              ch: 32
              ch_mult: [1, 2]
              temporal_down_factor: 1
              num_res_blocks: 1
              attn_resolutions: []
        \(dd.isEmpty ? "" : "      " + dd + "\n")    ppconfig:
              out_ch: 4
              ch: 4
              hidden_channel: 16
        \(pp.isEmpty ? "" : "      " + pp + "\n")
        """
    }

    private func parseError(_ text: String) throws -> ConfigError {
        try #require(throws: ConfigError.self) { try VideoVAEModelConfig(yamlText: text, sourceName: "small.yaml") }
    }

    @Test func shipped16zValuesAreRead() throws {
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.configs.appendingPathComponent("config_16z.yaml"))
        #expect(config.spatial == SpatialCoderConfig(doubleZ: true, zChannels: 16, resolution: 216, inChannels: 3, outChannels: 3,
                                                     baseChannels: 128, channelMultipliers: [1, 2, 4, 4], temporalDownFactor: 1,
                                                     resBlocksPerLevel: 2, attentionResolutions: [], dropout: 0))
        #expect(config.temporal == TemporalCoderConfig(scaleFactor: 4, zChannels: 16, outChannels: 16, inChannels: 16,
                                                       attentionFactors: [], hiddenChannels: 128))
        #expect(config.useQuantConv == false)
        #expect(config.embedDim == nil)
        #expect(config.captionGuide == false)
        #expect(config.ignoreKeyPrefixes == ["loss"])
        #expect(config.checkpointPath == "ckpt/sota-4-16z.ckpt")
        #expect(config.sourceName.hasSuffix("Configs/config_16z.yaml"))
    }

    @Test func shippedTextConfigsAndDefaults() throws {
        let text16 = try ShippedModelConfig.z16Text.load()
        #expect(text16.captionGuide)
        #expect(text16.t5MaxLength == 100)
        #expect(text16.spatial.attentionResolutions == [27, 54, 108, 216])
        #expect(text16.temporal.attentionFactors == [2, 4])

        let text4 = try ShippedModelConfig.z4Text.load()
        #expect(text4.useQuantConv && text4.embedDim == nil)
        #expect(text4.ignoreKeyPrefixes == ["loss"])  // absent from the file: our default

        let four = try ShippedModelConfig.z4.load()
        #expect(four.embedDim == 4 && four.useQuantConv)
        #expect(four.t5MaxLength == 120)  // upstream default when absent
    }

    @Test func optionalKeysTakeUpstreamDefaults() throws {
        let text = """
            model:
              params:
                ddconfig: {z_channels: 4, resolution: 64, in_channels: 3, out_ch: 3, ch: 32, temporal_down_factor: 1,
                           num_res_blocks: 1, attn_resolutions: []}
                ppconfig: {out_ch: 4, ch: 4}
                embed_dim: 4
            """
        let config = try VideoVAEModelConfig(yamlText: text, sourceName: "defaults.yaml")
        #expect(config.spatial.channelMultipliers == [1, 2, 4, 8])
        #expect(config.spatial.doubleZ)
        #expect(config.spatial.dropout == 0)
        #expect(config.temporal.scaleFactor == 4)
        #expect(config.temporal.hiddenChannels == 128)
        #expect(config.temporal.attentionFactors == [])
        #expect(config.useQuantConv)  // upstream's default
        #expect(config.captionGuide == false)
        #expect(config.colorizeLabelCount == nil)
    }

    @Test func yamlTextIsKeptVerbatim() throws {
        let original = try configText("config_4z.yaml")
        let config = try VideoVAEModelConfig(yamlText: original, sourceName: "config_4z.yaml")
        #expect(config.yamlText == original)
        #expect(try VideoVAEModelConfig(yamlText: config.yamlText, sourceName: "again") .spatial == config.spatial)
    }

    @Test func unknownDDConfigKeyIsAnErrorNamingKeyAndLine() throws {
        let error = try parseError(smallConfig(dd: "num_res_block: 2"))
        #expect(error.kind == .unknownKey)
        #expect(error.keyPath == "model.params.ddconfig.num_res_block")
        #expect(error.mark == YAMLMark(line: 16, column: 7))
        #expect(error.description.hasPrefix("small.yaml:16:7: model.params.ddconfig.num_res_block: unknown config key \"num_res_block\" in ddconfig"))
    }

    @Test func unknownPPConfigAndParamsKeysAreErrors() throws {
        let pp = try parseError(smallConfig(pp: "hidden_channels: 64"))
        #expect(pp.kind == .unknownKey)
        #expect(pp.keyPath == "model.params.ppconfig.hidden_channels")
        #expect(pp.mark?.line == 20)

        let params = try parseError(smallConfig(params: "use_quant_cov: true"))
        #expect(params.kind == .unknownKey)
        #expect(params.keyPath == "model.params.use_quant_cov")
    }

    @Test func trainingOnlyKeysAreAccepted() throws {
        let config = try VideoVAEModelConfig(yamlText: smallConfig(params: "lossconfig: {target: x.Y, params: {disc_start: 1}}")
            .replacingOccurrences(of: "model:\n", with: "lightning: {trainer: {gpus: 8}}\nmodel:\n  base_learning_rate: 1.0e-4\n  scale_lr: False\n"),
            sourceName: "small.yaml")
        #expect(config.spatial.levelCount == 2)
    }

    @Test func wrongTypesAreReportedWithLocation() throws {
        let text = try configText("config_16z.yaml").replacingOccurrences(of: "ch_mult: [1, 2, 4, 4]", with: "ch_mult: 1")
        let error = try parseError(text)
        #expect(error.kind == .wrongType)
        #expect(error.keyPath == "model.params.ddconfig.ch_mult")
        #expect(error.message == "expected a sequence of integers, found the integer 1")

        let quoted = try parseError(smallConfig(pp: "temporal_scale_factor: \"4\""))
        #expect(quoted.kind == .wrongType)
        #expect(quoted.message == "expected an integer, found the string \"4\"")

        let boolean = try parseError(smallConfig(params: "caption_guide: maybe"))
        #expect(boolean.keyPath == "model.params.caption_guide")
        #expect(boolean.message.hasPrefix("expected a boolean"))
    }

    @Test func missingRequiredKeysAreNamed() throws {
        let noCh = try parseError(smallConfig().replacingOccurrences(of: "      ch: 32\n", with: ""))
        #expect(noCh.kind == .missingKey)
        #expect(noCh.message.contains("\"ch\""))
        #expect(noCh.keyPath == "model.params.ddconfig")

        let noModel = try parseError("lightning: {}\n")
        #expect(noModel.kind == .missingKey)
        #expect(noModel.message.contains("\"model\""))

        let noPP = try parseError(smallConfig().components(separatedBy: "    ppconfig:")[0])
        #expect(noPP.message.contains("\"ppconfig\""))
    }

    @Test func valuesUpstreamCannotBuildAreRejected() throws {
        let notPowerOfTwo = try parseError(smallConfig(pp: "temporal_scale_factor: 3"))
        #expect(notPowerOfTwo.kind == .invalidValue)
        #expect(notPowerOfTwo.keyPath == "model.params.ppconfig.temporal_scale_factor")

        let groupNorm = try parseError(smallConfig().replacingOccurrences(of: "ch: 32", with: "ch: 48"))
        #expect(groupNorm.kind == .invalidValue)
        #expect(groupNorm.message.contains("multiple of 32"))

        let hidden = try parseError(smallConfig().replacingOccurrences(of: "hidden_channel: 16", with: "hidden_channel: 12"))
        #expect(hidden.keyPath == "model.params.ppconfig.hidden_channel")

        let singleZ = try parseError(smallConfig().replacingOccurrences(of: "double_z: true", with: "double_z: false"))
        #expect(singleZ.keyPath == "model.params.ddconfig.double_z")

        let emptyLevels = try parseError(smallConfig().replacingOccurrences(of: "ch_mult: [1, 2]", with: "ch_mult: []"))
        #expect(emptyLevels.kind == .invalidValue)

        let zeroEmbed = try parseError(smallConfig(params: "embed_dim: 0").replacingOccurrences(of: "use_quant_conv: false", with: "use_quant_conv: true"))
        #expect(zeroEmbed.keyPath == "model.params.embed_dim")

        let otherModel = try parseError(smallConfig().replacingOccurrences(of: "AutoencoderKL2plus1D_1dcnn", with: "AutoencoderKL"))
        #expect(otherModel.keyPath == "model.target")

        let deepAttention = try parseError(smallConfig()
            .replacingOccurrences(of: "ch_mult: [1, 2]", with: "ch_mult: [1, 1, 1, 1, 1]")
            .replacingOccurrences(of: "attn_resolutions: []", with: "attn_resolutions: [2]"))
        #expect(deepAttention.message.contains("patch size 0"))
    }

    @Test func fileErrorsNameThePath() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/vvae/config.yaml")
        let error = try #require(throws: ConfigError.self) { try VideoVAEModelConfig(contentsOf: missing) }
        #expect(error.kind == .unreadableFile)
        #expect(error.file == missing.path)

        let directory = try FixturePaths.temporaryDirectory("vvae-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let binary = directory.appendingPathComponent("bad.yaml")
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: binary)
        let binaryError = try #require(throws: ConfigError.self) { try VideoVAEModelConfig(contentsOf: binary) }
        #expect(binaryError.file == binary.path)

        let malformed = directory.appendingPathComponent("malformed.yaml")
        try "model:\n  params: [1, 2\n".write(to: malformed, atomically: true, encoding: .utf8)
        let malformedError = try #require(throws: ConfigError.self) { try VideoVAEModelConfig(contentsOf: malformed) }
        #expect(malformedError.kind == .malformedYAML)
        #expect(malformedError.description.hasPrefix(malformed.path + ":3:"))
    }
}
