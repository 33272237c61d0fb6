import Foundation
import Testing
import TestSupport
@testable import VideoVAEConfig

@Suite struct ShippedModelConfigTests {
    /// The texts compiled into the binary must be exactly the files in Configs/.
    @Test(arguments: ShippedModelConfig.allCases)
    func builtInTextEqualsConfigsFile(_ shipped: ShippedModelConfig) throws {
        let file = try String(contentsOf: FixturePaths.configs.appendingPathComponent(shipped.fileName), encoding: .utf8)
        #expect(shipped.yamlText == file)
        #expect(try shipped.load().sourceName == shipped.fileName)
    }

    @Test func configsFolderHoldsExactlyTheShippedConfigs() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: FixturePaths.configs.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(names) == Set(ShippedModelConfig.allCases.map(\.fileName)))
    }

    @Test func shippedConfigsDescribeDistinctWeightSets() throws {
        let weightSets = try ShippedModelConfig.allCases.map { try $0.load().expectedWeights(embedDim: 4) }
        #expect(Set(weightSets.map { $0.map(\.description) }).count == weightSets.count)
    }
}
