import Foundation
import Testing
import TestSupport
import VideoVAEConfig
import VVAEFormats
import VVAESupport
import VVAEWeights
import WeightConversion

/// Files an earlier vvae wrote (Fixtures/formats/README.md) still read, with every header field and every tensor as
/// today's converter writes them.
struct RecordedWeightFileTests {
    @Test func aVersion1WeightFileReadsWithItsHeaderAndTensors() throws {
        let recorded = try WeightFile(path: FixturePaths.fixture("formats/weights-v1-tiny4z-float16.h5").path)
        let checkpoint = FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path
        let header = recorded.header
        #expect(header.formatVersion == 1)
        #expect(header.configName == "config.yaml")
        #expect(header.embedDim == 4)
        #expect(header.sourceFile == "tiny4z.ckpt")
        #expect(header.sourceFormat == "torch-zip")
        #expect(header.dtype == "float16")
        #expect(header.sourceSize == Int64(try FileManager.default.attributesOfItem(atPath: checkpoint)[.size] as? Int ?? -1))
        #expect(header.sourceSHA256 == (try StreamingDigest.hexDigest(ofFileAt: checkpoint)))
        #expect(header.tensorCount == 322)
        #expect(header.parameterCount == 2_168_707)
        #expect(try recorded.verify().allSatisfy { $0.result == .ok })

        let fresh = try FixturePaths.temporaryDirectory("vvae-recorded").appendingPathComponent("tiny4z.h5").path
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("models/tiny4z/config.yaml"))
        _ = try WeightConverter(options: .init(dtype: .float16, toolVersion: "vvae test"))
            .convert(checkpointPath: checkpoint, outputPath: fresh, candidates: [ModelCandidate(config: config, name: "config.yaml")])
        let today = try WeightFile(path: fresh)
        var expected = today.header
        expected.toolVersion = header.toolVersion
        #expect(header == expected, "today's converter writes another header")
        #expect(recorded.entries == today.entries)
        for entry in recorded.entries {
            #expect(try recorded.bytes(entry.key) == today.bytes(entry.key), "\(entry.key)")
        }
    }

    @Test func aVersion1TextEncoderFileReadsWithItsHeaderAndTensors() throws {
        let recorded = try TextEncoderFile(path: FixturePaths.fixture("formats/text-encoder-v1-tiny.h5").path)
        #expect(recorded.header.formatVersion == 1)
        #expect(recorded.header.tokenizerSource == "spiece.model")
        #expect(recorded.header.sourceFolder == "tiny")
        #expect(recorded.header.dtype == "float32")
        #expect(recorded.header.tensorCount == 21)
        #expect(recorded.header.parameterCount == 133_568)
        #expect(try recorded.verify().allSatisfy { $0.result == .ok })

        let fresh = try FixturePaths.temporaryDirectory("vvae-recorded").appendingPathComponent("t5.h5").path
        _ = try TextEncoderConverter(toolVersion: "vvae test").convert(folder: FixturePaths.fixture("t5/tiny").path, outputPath: fresh)
        let today = try TextEncoderFile(path: fresh)
        var expected = today.header
        expected.toolVersion = recorded.header.toolVersion
        #expect(recorded.header == expected)
        #expect(recorded.tokenizerBytes == today.tokenizerBytes)
        #expect(recorded.entries == today.entries)
        for entry in recorded.entries {
            #expect(try recorded.floats(entry.key) == today.floats(entry.key), "\(entry.key)")
        }
    }
}
