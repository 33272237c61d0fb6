/// Everything the converter needs to know about a target model: which weights it expects and the config text that
/// goes into the weight file so the runtime can rebuild it.
public struct ModelDescription: Sendable {
    /// `config_16z` for a shipped config, the file name for one given with `--config`.
    public let name: String
    public let yamlText: String
    public let expected: [ExpectedWeight]
    /// State-dict prefixes that are training-only (`ignore_keys_3d`, `loss` by default).
    public let ignoredPrefixes: [String]
    /// The quant conv width, when the model has quant convs.
    public let embedDim: Int?

    public init(name: String, yamlText: String, expected: [ExpectedWeight], ignoredPrefixes: [String], embedDim: Int?) {
        self.name = name
        self.yamlText = yamlText
        self.expected = expected
        self.ignoredPrefixes = ignoredPrefixes
        self.embedDim = embedDim
    }
}

/// A config that may describe the checkpoint. `describe` gets the embed_dim read off the checkpoint's quant conv (if it
/// has one), for configs that omit it.
public struct ModelCandidate: Sendable {
    public let name: String
    public let describe: @Sendable (_ embedDimFromCheckpoint: Int?) throws -> ModelDescription

    public init(name: String, describe: @escaping @Sendable (Int?) throws -> ModelDescription) {
        self.name = name
        self.describe = describe
    }
}
