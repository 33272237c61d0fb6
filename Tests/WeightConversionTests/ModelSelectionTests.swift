import Foundation
import Testing
import TestSupport
@testable import WeightConversion

/// Picking the shipped config that fits a checkpoint, from tensor names and shapes alone (the recorded manifests of
/// the four upstream configs stand in for the real multi-gigabyte checkpoints).
struct ModelSelectionTests {
    static let shipped = [("config_16z", "config_16z"), ("config_4z", "config_4z"),
                          ("config_16z_text", "config_16z_text"), ("config_4z_text", "config_4z_text")]

    private func manifestTensors(_ name: String, prefix: String) throws -> [SourceTensor] {
        let text = try String(contentsOf: FixturePaths.fixture("manifests/\(name).manifest.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            let shape = fields[2].isEmpty ? [] : fields[2].split(separator: "x").compactMap { Int($0) }
            return SourceTensor(name: prefix + String(fields[0]), shape: shape)
        }
    }

    @Test(arguments: shipped)
    func eachShippedCheckpointLayoutSelectsItsOwnConfig(manifest: String, config: String) throws {
        var tensors = try manifestTensors(manifest, prefix: "state_dict/")
        tensors.append(SourceTensor(name: "state_dict/loss.logvar", shape: []))
        let (model, mapping) = try WeightConverter.selectModel(for: "x.ckpt", tensors: tensors, candidates: try ModelCandidate.shipped())
        #expect(model.name == config)
        #expect(mapping.isExact)
        #expect(mapping.dropped.map(\.key) == ["loss.logvar"])
    }

    @Test func fourZTextEmbedDimIsInferredAndWrittenIntoTheConfig() throws {
        let tensors = try manifestTensors("config_4z_text", prefix: "")
        let (model, _) = try WeightConverter.selectModel(for: "x.ckpt", tensors: tensors, candidates: try ModelCandidate.shipped())
        #expect(model.embedDim == 4)
        #expect(model.yamlText.contains("embed_dim: 4"))
    }

    @Test func unknownLayoutListsHowEachConfigMatched() throws {
        let tensors = [SourceTensor(name: "encoder.conv_in.weight", shape: [64, 3, 1, 3, 3])]
        #expect {
            _ = try WeightConverter.selectModel(for: "odd.ckpt", tensors: tensors, candidates: try ModelCandidate.shipped())
        } throws: { error in
            let text = "\(error)"
            return text.contains("odd.ckpt: no shipped config matches") && text.contains("config_16z:")
                && text.contains("--config")
        }
    }

    @Test func emptyCheckpointSaysSo() throws {
        #expect(throws: (any Error).self) {
            _ = try WeightConverter.selectModel(for: "empty.ckpt", tensors: [], candidates: try ModelCandidate.shipped())
        }
    }
}
