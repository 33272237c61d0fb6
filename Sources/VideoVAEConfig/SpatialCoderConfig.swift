/// `model.params.ddconfig`: the 2+1D encoder and decoder (per-frame 1×3×3 convolutions, each followed by a residual
/// 3×3×3 temporal convolution), which compress height and width.
public struct SpatialCoderConfig: Sendable, Equatable {
    /// Keys upstream's `Encoder2plus1D` / `Decoder2plus1D` accept; any other key is rejected as a likely typo.
    public static let knownKeys = [
        "double_z", "z_channels", "resolution", "in_channels", "out_ch", "ch", "ch_mult", "temporal_down_factor",
        "num_res_blocks", "attn_resolutions", "dropout", "resamp_with_conv", "tanh_out", "give_pre_end",
        "use_linear_attn", "attn_type", "mask_temporal",
    ]

    /// `double_z` (must be true: the posterior needs a mean and a log-variance half).
    public let doubleZ: Bool
    /// `z_channels`: channels of the encoder's posterior mean (its `conv_out` gives twice as many).
    public let zChannels: Int
    /// `resolution`: nominal frame size; with `attn_resolutions` it decides where cross-attention sits.
    public let resolution: Int
    /// `in_channels`: channels of the input video (3 for RGB).
    public let inChannels: Int
    /// `out_ch`: channels of the reconstruction.
    public let outChannels: Int
    /// `ch`: base channel count; level `i` has `ch * ch_mult[i]` channels.
    public let baseChannels: Int
    /// `ch_mult` (default [1, 2, 4, 8]): one entry per level; every level but the last halves height and width.
    public let channelMultipliers: [Int]
    /// `temporal_down_factor`: kept for fidelity. The encoder never downsamples time; for values above 1 the decoder's
    /// finest `log2` upsamplers also double time (see `VideoVAEModelConfig.decoderUpsamplesTime(atLevel:)`).
    public let temporalDownFactor: Int
    /// `num_res_blocks`: ResNet blocks per encoder level (the decoder has one more per level).
    public let resBlocksPerLevel: Int
    /// `attn_resolutions`: nominal sizes at which a text cross-attention layer follows every ResNet block.
    public let attentionResolutions: [Int]
    /// `dropout` (default 0): training only.
    public let dropout: Double
    /// `tanh_out` (default false): the decoder ends with `tanh`.
    public let tanhOut: Bool

    public init(doubleZ: Bool = true, zChannels: Int, resolution: Int, inChannels: Int, outChannels: Int,
                baseChannels: Int, channelMultipliers: [Int] = [1, 2, 4, 8], temporalDownFactor: Int,
                resBlocksPerLevel: Int, attentionResolutions: [Int], dropout: Double = 0, tanhOut: Bool = false) {
        self.doubleZ = doubleZ
        self.zChannels = zChannels
        self.resolution = resolution
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.baseChannels = baseChannels
        self.channelMultipliers = channelMultipliers
        self.temporalDownFactor = temporalDownFactor
        self.resBlocksPerLevel = resBlocksPerLevel
        self.attentionResolutions = attentionResolutions
        self.dropout = dropout
        self.tanhOut = tanhOut
    }

    /// Number of levels (`len(ch_mult)`).
    public var levelCount: Int { channelMultipliers.count }

    /// Channels at level `i`.
    public var levelChannels: [Int] { channelMultipliers.map { baseChannels * $0 } }

    init(_ node: ConfigNode) throws {
        try node.rejectUnknownKeys(Self.knownKeys, what: "ddconfig")
        func required(_ key: String) throws -> ConfigNode { try node.child(key) }
        func optional(_ key: String) throws -> ConfigNode? { try node.optionalChild(key) }

        doubleZ = try optional("double_z")?.bool() ?? true
        zChannels = try required("z_channels").int()
        resolution = try required("resolution").int()
        inChannels = try required("in_channels").int()
        outChannels = try required("out_ch").int()
        baseChannels = try required("ch").int()
        channelMultipliers = try optional("ch_mult")?.intList() ?? [1, 2, 4, 8]
        temporalDownFactor = try required("temporal_down_factor").int()
        resBlocksPerLevel = try required("num_res_blocks").int()
        attentionResolutions = try required("attn_resolutions").intList()
        dropout = try optional("dropout")?.double() ?? 0
        tanhOut = try optional("tanh_out")?.bool() ?? false

        // Accepted for fidelity, but only one value builds a usable video autoencoder.
        if let value = try optional("resamp_with_conv"), try !value.bool() {
            throw value.error(.invalidValue, "must be true: upstream's 2+1D downsampling without a convolution is not implemented")
        }
        if let value = try optional("give_pre_end"), try value.bool() {
            throw value.error(.invalidValue, "must be false: with it the decoder returns features instead of video")
        }
        if let value = try optional("use_linear_attn") { _ = try value.bool() }  // ignored by the 2+1D model
        if let value = try optional("attn_type") { _ = try value.string() }  // ignored by the 2+1D model
        if let value = try optional("mask_temporal") { _ = try value.bool() }  // a forward() argument, not a layer option

        try validate(node)
    }

    private func validate(_ node: ConfigNode) throws {
        func at(_ key: String) throws -> ConfigNode { try node.optionalChild(key) ?? node }
        if !doubleZ {
            throw try at("double_z").error(.invalidValue, "must be true: the model splits the encoder output into mean and log-variance")
        }
        for (key, value) in [("z_channels", zChannels), ("resolution", resolution), ("in_channels", inChannels),
                             ("out_ch", outChannels), ("ch", baseChannels), ("num_res_blocks", resBlocksPerLevel)] where value < 1 {
            throw try at(key).error(.invalidValue, "must be at least 1, found \(value)")
        }
        if channelMultipliers.isEmpty {
            throw try at("ch_mult").error(.invalidValue, "needs at least one level")
        }
        if let bad = channelMultipliers.first(where: { $0 < 1 }) {
            throw try at("ch_mult").error(.invalidValue, "multipliers must be at least 1, found \(bad)")
        }
        if temporalDownFactor < 1 || temporalDownFactor & (temporalDownFactor - 1) != 0 {
            throw try at("temporal_down_factor").error(.invalidValue, "must be a power of two (1, 2, 4, …), found \(temporalDownFactor)")
        }
        // Every ResNet block starts with GroupNorm(32 groups) over its input channels.
        for channels in [baseChannels] + levelChannels where channels % GroupNormGroups.count != 0 {
            throw try at("ch").error(.invalidValue,
                "level width \(channels) (ch × ch_mult) is not a multiple of \(GroupNormGroups.count), which GroupNorm needs")
        }
    }
}

/// Upstream normalises with 32 groups everywhere, so channel counts under a GroupNorm must divide by 32.
enum GroupNormGroups {
    static let count = 32
}
