import Testing
import TestSupport
@testable import VVAERuntime

/// A model loaded for one half (what `vvae encode` and `vvae decode` do) computes exactly what the whole model does,
/// and refuses the other half with a clear error.
struct ModelPartsTests {
    @Test(arguments: ["tiny16z", "tinytext"])
    func halvesComputeWhatTheWholeModelDoes(model name: String) throws {
        let golden = try GoldenModel.named(name)
        let recording = try golden.recording("golden.h5")
        let text = try golden.text(in: recording)
        let input = try recording.tensor(at: "/input")
        let encoder = try VideoVAEModel(weightsAt: golden.weightsPath, parts: .encoding)
        let decoder = try VideoVAEModel(weightsAt: golden.weightsPath, parts: .decoding)
        let whole = try golden.model.encode(input, text: text).latent
        let latent = try encoder.encode(input, text: text).latent
        #expect(latent == whole)
        #expect(try decoder.decode(latent, text: text) == golden.model.decode(whole, text: text))
        #expect(encoder.needsText == golden.model.needsText)
        #expect(decoder.needsText == golden.model.needsText)
        #expect(encoder.moduleNames.allSatisfy { $0.hasPrefix("encoder") || $0 == "quant_conv" })
        #expect(decoder.moduleNames.allSatisfy { $0.hasPrefix("decoder") || $0 == "post_quant_conv" })
        #expect(Set(encoder.moduleNames + decoder.moduleNames) == Set(golden.model.moduleNames))

        let decodeOnEncoder = try #require(throws: ModelError.self) { try encoder.decode(latent, text: text) }
        #expect(decodeOnEncoder.description.contains("loaded for encoding only"))
        let encodeOnDecoder = try #require(throws: ModelError.self) { try decoder.encode(input, text: text) }
        #expect(encodeOnDecoder.description.contains("loaded for decoding only"))
    }
}
