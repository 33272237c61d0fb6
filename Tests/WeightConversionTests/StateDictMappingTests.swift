import Testing
@testable import WeightConversion

struct StateDictMappingTests {
    let expected = [
        ExpectedWeight(key: "encoder.conv_in.weight", shape: [8, 3, 1, 3, 3]),
        ExpectedWeight(key: "encoder.conv_in.bias", shape: [8]),
        ExpectedWeight(key: "decoder.conv_out.bias", shape: [3]),
    ]

    @Test func findsLightningStateDictAndStripsWrappers() {
        let tensors = [
            SourceTensor(name: "optimizer_states/0/state/1/exp_avg", shape: [8]),
            SourceTensor(name: "state_dict/first_stage_model.encoder.conv_in.weight", shape: [8, 3, 1, 3, 3]),
            SourceTensor(name: "state_dict/first_stage_model.encoder.conv_in.bias", shape: [8]),
            SourceTensor(name: "state_dict/first_stage_model.decoder.conv_out.bias", shape: [3]),
            SourceTensor(name: "state_dict/first_stage_model.loss.logvar", shape: []),
        ]
        let mapping = StateDictMapping(tensors: tensors, expected: expected, ignoredPrefixes: ["loss"])
        #expect(mapping.container == "state_dict")
        #expect(mapping.isExact)
        #expect(mapping.matched.map(\.key) == expected.map(\.key))
        #expect(mapping.dropped.map(\.key) == ["loss.logvar"])
    }

    @Test func reportsMissingUnexpectedAndWrongShape() {
        let tensors = [
            SourceTensor(name: "encoder.conv_in.weight", shape: [8, 3, 3, 3]),
            SourceTensor(name: "encoder.conv_in.bias", shape: [8]),
            SourceTensor(name: "encoder.extra.weight", shape: [2]),
        ]
        let mapping = StateDictMapping(tensors: tensors, expected: expected, ignoredPrefixes: ["loss"])
        #expect(!mapping.isExact)
        #expect(mapping.container == "")
        #expect(mapping.missing.map(\.key) == ["decoder.conv_out.bias"])
        #expect(mapping.unexpected.map(\.key) == ["encoder.extra.weight"])
        #expect(mapping.wrongShape.map(\.expected.key) == ["encoder.conv_in.weight"])
        #expect(mapping.wrongShape.first?.found.source.shape == [8, 3, 3, 3])
    }

    @Test func prefersThePlainStateDictOverAnEMACopyOnATie() {
        let tensors = expected.flatMap { weight in
            [SourceTensor(name: "ema/" + weight.key, shape: weight.shape),
             SourceTensor(name: "state_dict/" + weight.key, shape: weight.shape)]
        }
        let mapping = StateDictMapping(tensors: tensors, expected: expected, ignoredPrefixes: [])
        #expect(mapping.container == "state_dict")
        #expect(mapping.isExact)
    }

    @Test func keyKnownToTheModelIsNeverStripped() {
        let known = ["model.weight": ExpectedWeight(key: "model.weight", shape: [1])]
        #expect(StateDictMapping.strippingWrappers("model.weight", known: known) == "model.weight")
        #expect(StateDictMapping.strippingWrappers("module.model.weight", known: known) == "model.weight")
    }
}
