import Foundation
import Testing
import TestSupport
import VideoVAEConfig
import VVAERuntime
import WeightConversion

/// The weight file an earlier vvae wrote (Fixtures/formats/weights-v1-tiny4z-float16.h5) still runs: the model built
/// from it encodes and decodes the golden input exactly as one built from today's float16 conversion.
struct RecordedWeightFileModelTests {
    @Test func aVersion1WeightFileRunsLikeAFreshConversion() throws {
        let recorded = try VideoVAEModel(weightsAt: FixturePaths.fixture("formats/weights-v1-tiny4z-float16.h5").path)
        let fresh = try FixturePaths.temporaryDirectory("vvae-recorded-model").appendingPathComponent("tiny4z.h5").path
        let config = try VideoVAEModelConfig(contentsOf: FixturePaths.fixture("models/tiny4z/config.yaml"))
        _ = try WeightConverter(options: .init(dtype: .float16, toolVersion: "vvae test"))
            .convert(checkpointPath: FixturePaths.fixture("models/tiny4z/tiny4z.ckpt").path, outputPath: fresh,
                     candidates: [ModelCandidate(config: config, name: "config.yaml")])
        let today = try VideoVAEModel(weightsAt: fresh)
        let input = try GoldenModel.named("tiny4z").recording("golden.h5").tensor(at: "/input")
        let latent = try recorded.encode(input, text: nil, maskTemporal: false, observer: nil).latent
        #expect(latent == (try today.encode(input, text: nil, maskTemporal: false, observer: nil).latent))
        #expect(try recorded.decode(latent, text: nil, maskTemporal: false, observer: nil)
                == (try today.decode(latent, text: nil, maskTemporal: false, observer: nil)))
    }
}
