/// Facts that follow from the config and that the runtime and the CLI need (sizes, compression, where attention
/// sits). All follow upstream's constructor arithmetic.
extension VideoVAEModelConfig {
    /// Width of the text embeddings the cross-attention layers read (T5 flan-t5-large).
    public static let textContextDimension = 1024
    /// Cross-attention heads × head width, fixed upstream.
    public static let crossAttentionHeads = 8
    public static let crossAttentionHeadDimension = 64
    /// Relative positions the temporal attention distinguishes on each side.
    public static let temporalAttentionMaxRelativePosition = 64

    /// Spatial levels (`len(ch_mult)`).
    public var levelCount: Int { spatial.levelCount }

    /// Height and width are divided by this (2 per level but the last).
    public var spatialCompression: Int { 1 << (spatial.levelCount - 1) }

    /// Frames are divided by this (`ppconfig.temporal_scale_factor`).
    public var temporalCompression: Int { temporal.scaleFactor }

    /// Channels of the final latent (`ppconfig.out_ch`).
    public var latentChannels: Int { temporal.outChannels }

    /// Channels between the 2+1D coder and the temporal coder: `embed_dim` with a quant conv, else `z_channels`.
    /// Nil when a quant conv is used and `embed_dim` is unknown.
    public var intermediateLatentChannels: Int? {
        useQuantConv ? embedDim : spatial.zChannels
    }

    /// Latent size for an input of `frames × height × width`: every stride-2 stage maps n to ⌊n/2⌋ (the 2+1D
    /// downsampler pads one row/column at the end; the temporal one pads one frame at the start).
    public func latentSize(frames: Int, height: Int, width: Int) -> (frames: Int, height: Int, width: Int) {
        var size = (frames: frames, height: height, width: width)
        for _ in 0..<(spatial.levelCount - 1) {
            size.height /= 2
            size.width /= 2
        }
        for _ in 0..<temporal.stageCount { size.frames /= 2 }
        return size
    }

    /// Whether the decoder's upsampler at `level` (1 ..< levels) also doubles time. Only when
    /// `temporal_down_factor` > 1; the encoder never downsamples time, so such models change the frame count.
    public func decoderUpsamplesTime(atLevel level: Int) -> Bool {
        let temporalUps = spatial.temporalDownFactor.trailingZeroBitCount
        let spatialUps = spatial.levelCount - 1
        return level != 0 && level <= spatial.levelCount - 1 - (spatialUps - temporalUps)
    }

    /// Cross-attention layers of the 2+1D encoder, by level.
    public var encoderCrossAttention: [CrossAttentionSite] {
        var sites: [CrossAttentionSite] = []
        var resolution = spatial.resolution
        var patch = 8
        for level in 0..<spatial.levelCount {
            if spatial.attentionResolutions.contains(resolution) {
                sites.append(CrossAttentionSite(level: level, resolution: resolution, patchSize: patch,
                                                channels: spatial.levelChannels[level], layerCount: spatial.resBlocksPerLevel))
            }
            if level != spatial.levelCount - 1 {
                resolution /= 2
                patch /= 2
            }
        }
        return sites
    }

    /// Cross-attention layers of the 2+1D decoder, by level (finest first, as indexed in `decoder.up`).
    public var decoderCrossAttention: [CrossAttentionSite] {
        var sites: [CrossAttentionSite] = []
        var resolution = spatial.resolution >> (spatial.levelCount - 1)
        var patch = 1
        for level in (0..<spatial.levelCount).reversed() {
            if spatial.attentionResolutions.contains(resolution) {
                sites.append(CrossAttentionSite(level: level, resolution: resolution, patchSize: patch,
                                                channels: spatial.levelChannels[level], layerCount: spatial.resBlocksPerLevel + 1))
            }
            if level != 0 {
                resolution *= 2
                patch *= 2
            }
        }
        return sites.reversed()
    }

    /// Stages (`encoder_temporal.mid_blocks.i`) followed by cross-attention: stage i reaches factor 2^(i+1).
    public var temporalEncoderAttentionStages: [Int] {
        (0..<temporal.stageCount).filter { temporal.attentionFactors.contains(2 << $0) }
    }

    /// Stages (`decoder_temporal.mid_blocks.i`) with cross-attention after both ResBlocks: stage i starts at
    /// factor `temporal_scale_factor / 2^i`.
    public var temporalDecoderAttentionStages: [Int] {
        (0..<temporal.stageCount).filter { temporal.attentionFactors.contains(temporal.scaleFactor >> $0) }
    }

    /// True when any layer attends to text, so running the model needs caption embeddings.
    public var hasTextCrossAttention: Bool {
        !encoderCrossAttention.isEmpty || !decoderCrossAttention.isEmpty
            || !temporalEncoderAttentionStages.isEmpty || !temporalDecoderAttentionStages.isEmpty
    }

    /// Output channels of temporal encoder stage `i` (its input is this halved, or `hidden_channel` for stage 0).
    public func temporalEncoderStageChannels(_ stage: Int) -> Int { temporal.hiddenChannels << (stage + 1) }

    /// Output channels of temporal decoder stage `i`.
    public func temporalDecoderStageChannels(_ stage: Int) -> Int { temporal.hiddenChannels << (temporal.stageCount - stage) }
}
