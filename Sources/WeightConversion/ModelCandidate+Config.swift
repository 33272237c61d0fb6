import Foundation
import VideoVAEConfig

extension ModelCandidate {
    /// A candidate built from a parsed config. When the config needs `embed_dim` and lacks it, the value read off the
    /// checkpoint is written into the config text, so the weight file alone describes the model.
    public init(config: VideoVAEModelConfig, name: String) {
        self.init(name: name) { embedDimFromCheckpoint in
            var resolved = config
            if config.useQuantConv, config.embedDim == nil, let inferred = embedDimFromCheckpoint {
                resolved = try config.withEmbedDim(inferred)
            }
            let weights = try resolved.expectedWeights(embedDim: nil)
            return ModelDescription(
                name: name,
                yamlText: resolved.yamlText,
                expected: weights.map { ExpectedWeight(key: $0.key, shape: $0.shape) },
                ignoredPrefixes: resolved.ignoreKeyPrefixes,
                embedDim: try resolved.resolvedEmbedDim(nil)
            )
        }
    }

    /// The configs of the released checkpoints, in the order they are tried.
    public static func shipped() throws -> [ModelCandidate] {
        try ShippedModelConfig.allCases.map { shipped in
            ModelCandidate(config: try shipped.load(), name: "config_" + shipped.rawValue.replacingOccurrences(of: "-", with: "_"))
        }
    }
}
