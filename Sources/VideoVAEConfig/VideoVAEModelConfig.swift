import Foundation

/// The VideoVAE+ model description read from an upstream-schema YAML config (`model.params`): everything needed to
/// know which weights a checkpoint must hold and how the runtime wires them. The original text is kept in
/// `yamlText` so a converted weight file can carry the exact config it was made with; the fields are read-only so
/// they always agree with that text (build a changed config by editing the text, as `withEmbedDim(_:)` does).
public struct VideoVAEModelConfig: Sendable, Equatable {
    /// Constructor arguments of upstream's `AutoencoderKL2plus1D_1dcnn` (and the `AutoencoderKL` base it forwards
    /// to). Upstream rejects anything else with a TypeError; so do we, naming the key.
    public static let knownParamsKeys = [
        "ddconfig", "ppconfig", "lossconfig", "embed_dim", "use_quant_conv", "test", "ckpt_path", "ckpt_path_2d",
        "ckpt_path_4temporal", "ignore_keys_3d", "img_video_joint_train", "video_key", "caption_guide",
        "t5_model_max_length", "ignore_keys", "image_key", "colorize_nlabels", "monitor", "logdir", "input_dim",
        "test_args",
    ]
    /// The only model class this schema describes.
    public static let modelClassName = "AutoencoderKL2plus1D_1dcnn"

    /// `ddconfig`.
    public let spatial: SpatialCoderConfig
    /// `ppconfig`.
    public let temporal: TemporalCoderConfig
    /// `use_quant_conv` (default true, as upstream): 1×1×1 convs between the 2+1D coder and the temporal coder.
    public let useQuantConv: Bool
    /// `embed_dim`: channels after `quant_conv`; nil when the config leaves it out (see `expectedWeights(embedDim:)`).
    public let embedDim: Int?
    /// `caption_guide` (default false): the model was trained with T5 caption embeddings.
    public let captionGuide: Bool
    /// `ignore_keys_3d` (default ['loss']): state-dict key prefixes that belong to training and are dropped.
    public let ignoreKeyPrefixes: [String]
    /// `t5_model_max_length` (default 120): caption tokens the T5 embedder keeps.
    public let t5MaxLength: Int
    /// `colorize_nlabels`: when set, upstream registers a `colorize` buffer (3×n×1×1) first in the state dict.
    public let colorizeLabelCount: Int?
    /// `ckpt_path`: informational (where upstream would load weights from).
    public let checkpointPath: String?
    /// The config text exactly as read.
    public let yamlText: String
    /// What the config was read from (a path or a label), used in error messages.
    public let sourceName: String

    /// Parses config text; `sourceName` labels errors (`config_16z.yaml:31:7: …`).
    public init(yamlText: String, sourceName: String = "<config>") throws {
        let root = ConfigNode(node: try YAMLParser.parse(yamlText, file: sourceName), file: sourceName)
        let model = try root.child("model")
        if let target = try model.optionalChild("target") {
            let name = try target.string()
            if name.split(separator: ".").last.map(String.init) != Self.modelClassName {
                throw target.error(.invalidValue, "this tool reads configs of \(Self.modelClassName), not \(name)")
            }
        }
        let params = try model.child("params")
        try params.rejectUnknownKeys(Self.knownParamsKeys, what: "model.params")

        spatial = try SpatialCoderConfig(try params.child("ddconfig"))
        temporal = try TemporalCoderConfig(try params.child("ppconfig"))
        useQuantConv = try params.optionalChild("use_quant_conv")?.bool() ?? true
        captionGuide = try params.optionalChild("caption_guide")?.bool() ?? false
        ignoreKeyPrefixes = try params.optionalChild("ignore_keys_3d")?.stringList() ?? ["loss"]
        t5MaxLength = try params.optionalChild("t5_model_max_length")?.int() ?? 120
        colorizeLabelCount = try params.optionalChild("colorize_nlabels")?.optionalInt()
        checkpointPath = try params.optionalChild("ckpt_path")?.optionalString()
        self.yamlText = yamlText
        self.sourceName = sourceName

        let embedNode = try params.optionalChild("embed_dim")
        embedDim = try embedNode?.optionalInt()
        if useQuantConv, let embedNode, let value = embedDim, value < 1 {
            throw embedNode.error(.invalidValue, "must be at least 1 when use_quant_conv is true, found \(value)")
        }
        if let node = try params.optionalChild("colorize_nlabels"), let value = colorizeLabelCount, value < 1 {
            throw node.error(.invalidValue, "must be at least 1, found \(value)")
        }
        try checkCrossAttentionPatches(params)
    }

    /// Reads and parses a config file; errors name the path.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConfigError(.unreadableFile, file: url.path, message: "cannot read the config: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(.unreadableFile, file: url.path, message: "the config is not UTF-8 text")
        }
        try self.init(yamlText: text, sourceName: url.path)
    }

    /// Upstream halves the encoder's patch size per level from 8, so attention below level 3 would get patch size 0
    /// (an empty LayerNorm) and fail at run time; say so while the config is being read.
    private func checkCrossAttentionPatches(_ params: ConfigNode) throws {
        for site in encoderCrossAttention where site.patchSize < 1 {
            let node = try params.child("ddconfig").optionalChild("attn_resolutions") ?? params
            throw node.error(.invalidValue,
                "cross-attention at encoder level \(site.level) (resolution \(site.resolution)) would get patch size 0; "
                + "upstream only supports encoder attention in the first four levels")
        }
    }
}
