import Testing
import TestSupport
@testable import VideoVAEConfig

@Suite struct ModelGeometryTests {
    @Test func shippedConfigsCompressFourInTimeEightInSpace() throws {
        for shipped in ShippedModelConfig.allCases {
            let config = try shipped.load()
            #expect(config.levelCount == 4)
            #expect(config.spatialCompression == 8)
            #expect(config.temporalCompression == 4)
            #expect(!config.decoderUpsamplesTime(atLevel: 1) && !config.decoderUpsamplesTime(atLevel: 3))
        }
        #expect(try ShippedModelConfig.z16.load().latentChannels == 16)
        #expect(try ShippedModelConfig.z4Text.load().latentChannels == 4)
        #expect(try ShippedModelConfig.z16.load().intermediateLatentChannels == 16)
        #expect(try ShippedModelConfig.z4.load().intermediateLatentChannels == 4)
        #expect(try ShippedModelConfig.z4Text.load().intermediateLatentChannels == nil)
    }

    @Test func latentSizeHalvesWithFloor() throws {
        let config = try ShippedModelConfig.z16.load()
        #expect(config.latentSize(frames: 16, height: 216, width: 384) == (4, 27, 48))
        #expect(config.latentSize(frames: 17, height: 217, width: 9) == (4, 27, 1))
    }

    @Test func textConfigsHaveCrossAttentionWithUpstreamPatchSizes() throws {
        let text = try ShippedModelConfig.z16Text.load()
        #expect(text.hasTextCrossAttention)
        #expect(text.encoderCrossAttention.map(\.patchSize) == [8, 4, 2, 1])
        #expect(text.decoderCrossAttention.map(\.patchSize) == [8, 4, 2, 1])
        #expect(text.encoderCrossAttention.map(\.layerCount) == [2, 2, 2, 2])
        #expect(text.decoderCrossAttention.map(\.layerCount) == [3, 3, 3, 3])
        #expect(text.encoderCrossAttention.map(\.patchDimension) == [8192, 4096, 2048, 512])
        #expect(text.temporalEncoderAttentionStages == [0, 1])
        #expect(text.temporalDecoderAttentionStages == [0, 1])
        #expect(try !ShippedModelConfig.z16.load().hasTextCrossAttention)
    }

    @Test func twoLevelVariantGetsAsymmetricPatchSizes() throws {
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("manifests/configs/two_level_text.yaml"))
        #expect(config.encoderCrossAttention.map(\.patchSize) == [8, 4])
        #expect(config.decoderCrossAttention.map(\.patchSize) == [2, 1])
        #expect(config.temporalEncoderAttentionStages == [0])  // factor 2 after the first stage
        #expect(config.temporalDecoderAttentionStages == [1])  // the decoder's last stage starts at factor 2
        #expect(config.spatialCompression == 2)
    }

    @Test func oddResolutionVariantPlacesAttentionByIntegerHalving() throws {
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("manifests/configs/three_level_odd_resolution.yaml"))
        #expect(config.encoderCrossAttention.map(\.resolution) == [45, 22])
        #expect(config.encoderCrossAttention.map(\.level) == [1, 2])
        #expect(config.decoderCrossAttention.map(\.resolution) == [44, 22])
        #expect(config.decoderCrossAttention.map(\.level) == [1, 2])
        #expect(config.temporalCompression == 8)
        #expect(config.temporalEncoderAttentionStages == [2])
        #expect(config.temporalDecoderAttentionStages == [0])
    }
}
