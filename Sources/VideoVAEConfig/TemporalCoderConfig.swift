/// `model.params.ppconfig`: the temporal 1D-CNN encoder and decoder that compress the frame axis of the 2+1D latent.
public struct TemporalCoderConfig: Sendable, Equatable {
    /// Keys upstream's `EncoderTemporal1DCNN` / `DecoderTemporal1DCNN` read (plus `z_channels`, which the shipped
    /// configs carry although the modules ignore it); any other key is rejected as a likely typo.
    public static let knownKeys = ["temporal_scale_factor", "z_channels", "out_ch", "ch", "attn_temporal_factor", "hidden_channel"]

    /// `temporal_scale_factor` (default 4): how much time is compressed; `log2` of it stride-2 stages.
    public let scaleFactor: Int
    /// `z_channels`: informational only (upstream's temporal modules ignore it).
    public let zChannels: Int?
    /// `out_ch`: channels of the final latent (the temporal encoder outputs twice as many: mean and log-variance).
    public let outChannels: Int
    /// `ch`: channels the temporal encoder takes in and the temporal decoder's input (the latent).
    public let inChannels: Int
    /// `attn_temporal_factor` (default []): compression factors (2, 4, …) after which a text cross-attention layer runs.
    public let attentionFactors: [Int]
    /// `hidden_channel` (default 128): width of the first temporal stage; each stage doubles it.
    public let hiddenChannels: Int

    public init(scaleFactor: Int = 4, zChannels: Int? = nil, outChannels: Int, inChannels: Int,
                attentionFactors: [Int] = [], hiddenChannels: Int = 128) {
        self.scaleFactor = scaleFactor
        self.zChannels = zChannels
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.attentionFactors = attentionFactors
        self.hiddenChannels = hiddenChannels
    }

    /// Number of stride-2 stages (`log2(temporal_scale_factor)`).
    public var stageCount: Int { scaleFactor.trailingZeroBitCount }

    init(_ node: ConfigNode) throws {
        try node.rejectUnknownKeys(Self.knownKeys, what: "ppconfig")
        scaleFactor = try node.optionalChild("temporal_scale_factor")?.int() ?? 4
        zChannels = try node.optionalChild("z_channels")?.optionalInt()
        outChannels = try node.child("out_ch").int()
        inChannels = try node.child("ch").int()
        attentionFactors = try node.optionalChild("attn_temporal_factor")?.intList() ?? []
        hiddenChannels = try node.optionalChild("hidden_channel")?.int() ?? 128

        func at(_ key: String) throws -> ConfigNode { try node.optionalChild(key) ?? node }
        if scaleFactor < 2 || scaleFactor & (scaleFactor - 1) != 0 {
            throw try at("temporal_scale_factor").error(.invalidValue,
                "must be a power of two of at least 2 (upstream builds log2 of it stride-2 stages), found \(scaleFactor)")
        }
        for (key, value) in [("out_ch", outChannels), ("ch", inChannels), ("hidden_channel", hiddenChannels)] where value < 1 {
            throw try at(key).error(.invalidValue, "must be at least 1, found \(value)")
        }
        // Each stage's ResBlocks normalise hidden_channel × 2^k channels (k = 1 … stages) with 32 groups.
        for stage in 1...stageCount where (hiddenChannels << stage) % GroupNormGroups.count != 0 {
            throw try at("hidden_channel").error(.invalidValue,
                "hidden_channel × \(1 << stage) = \(hiddenChannels << stage) is not a multiple of \(GroupNormGroups.count), which GroupNorm needs")
        }
    }
}
