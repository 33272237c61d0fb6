import Foundation
import TestSupport
import VVAERuntime
import VVAEWeights
import VideoVAEConfig
import WeightConversion

/// One fixture model of `Fixtures/models/<name>/`: its checkpoint converted (as a user would, with the model's
/// config.yaml) into a weight file in a temporary folder, the model built from that file, and its recordings.
final class GoldenModel: Sendable {
    let name: String
    let weightsPath: String
    let model: VideoVAEModel

    static let tiny16z = Result { try GoldenModel("tiny16z") }
    static let tiny4z = Result { try GoldenModel("tiny4z") }
    static let tinytext = Result { try GoldenModel("tinytext") }

    static func named(_ name: String) throws -> GoldenModel {
        switch name {
        case "tiny16z": return try tiny16z.get()
        case "tiny4z": return try tiny4z.get()
        case "tinytext": return try tinytext.get()
        default: throw CocoaError(.fileNoSuchFile)
        }
    }

    private init(_ name: String) throws {
        self.name = name
        let folder = FixturePaths.fixture("models/\(name)")
        let config = try VideoVAEModelConfig(contentsOf: folder.appendingPathComponent("config.yaml"))
        let output = try FixturePaths.temporaryDirectory("vvae-model-\(name)").appendingPathComponent("\(name).h5")
        let converter = WeightConverter(options: .init(toolVersion: "vvae tests"))
        try converter.convert(checkpointPath: folder.appendingPathComponent("\(name).ckpt").path,
                              outputPath: output.path,
                              candidates: [ModelCandidate(config: config, name: "config.yaml")])
        weightsPath = output.path
        model = try VideoVAEModel(weightsAt: output.path)
    }

    func recording(_ file: String) throws -> GoldenRecording {
        try GoldenRecording(path: FixturePaths.fixture("models/\(name)/\(file)").path)
    }

    /// What the recorded pipeline run was given: its input, its text conditioning and whether it ran in image mode.
    func pipelineInputs(of recording: GoldenRecording) throws -> (input: Tensor, text: TextCondition?, maskTemporal: Bool) {
        (try recording.tensor(at: "/input"), try text(in: recording), try recording.attribute("mask_temporal") == "1")
    }

    /// The recorded text conditioning, when the recording has one.
    func text(in recording: GoldenRecording) throws -> TextCondition? {
        guard try recording.hasDataset("/text_embeddings") else { return nil }
        return try TextCondition(embeddings: recording.tensor(at: "/text_embeddings"),
                                 mask: recording.tensor(at: "/text_mask"))
    }
}
