import Foundation
import VideoVAEConfig

extension FuzzTarget {
    /// A model config: libyaml, our YAML node layer, the config's checks and the expected-weight manifest.
    static let modelConfig = FuzzTarget(name: "model-config", summary: "a model config YAML, parsed and its weight manifest built", maxLength: 32 << 10) { input in
        let config = try VideoVAEModelConfig(contentsOf: URL(fileURLWithPath: ScratchFile.write(input, as: "config.yaml")))
        let weights = try config.expectedWeights()
        _ = weights.count
        _ = config.latentSize(frames: 16, height: 64, width: 64)
    }
}
