/// The state dict upstream's `AutoencoderKL2plus1D_1dcnn` builds for a config, derived from the architecture:
/// every key with its shape, in the order `state_dict()` yields them (module registration order).
extension VideoVAEModelConfig {
    /// Expected tensors, key for key and in state-dict order. `embedDim` supplies `embed_dim` when the config lacks
    /// it (e.g. inferred from a checkpoint with `inferEmbedDim(quantConvWeightShape:)`); throws `ConfigError` with
    /// kind `.missingEmbedDim` when the quant convs need it and nobody gives it.
    public func expectedWeights(embedDim supplied: Int? = nil) throws -> [WeightSpec] {
        let embedDim = try resolvedEmbedDim(supplied)
        var weights = WeightListBuilder()
        // Upstream's registration order: the base class registers encoder, decoder, loss (no inference weights)
        // and the quant convs; the subclass then adds the temporal coders and replaces encoder/decoder in place.
        if let labels = colorizeLabelCount {
            weights.add("colorize", [3, labels, 1, 1])  // a buffer of the root module, so it comes first
        }
        addSpatialEncoder(to: &weights, prefix: "encoder")
        addSpatialDecoder(to: &weights, prefix: "decoder")
        if let embedDim {
            let z = spatial.zChannels
            weights.conv("quant_conv", out: 2 * embedDim, in: 2 * z, kernel: [1, 1, 1])
            weights.conv("post_quant_conv", out: z, in: embedDim, kernel: [1, 1, 1])
        }
        addTemporalEncoder(to: &weights, prefix: "encoder_temporal")
        addTemporalDecoder(to: &weights, prefix: "decoder_temporal")
        return weights.specs
    }

    private func addSpatialEncoder(to weights: inout WeightListBuilder, prefix: String) {
        let channels = spatial.levelChannels
        weights.conv("\(prefix).conv_in", out: spatial.baseChannels, in: spatial.inChannels, kernel: [1, 3, 3])
        let attention = Dictionary(uniqueKeysWithValues: encoderCrossAttention.map { ($0.level, $0) })
        var blockIn = spatial.baseChannels
        for level in 0..<spatial.levelCount {
            let levelPrefix = "\(prefix).down.\(level)"
            for block in 0..<spatial.resBlocksPerLevel {
                weights.resnetBlock2plus1D("\(levelPrefix).block.\(block)", in: blockIn, out: channels[level])
                blockIn = channels[level]
            }
            if let site = attention[level] {
                for layer in 0..<site.layerCount {
                    weights.crossAttention("\(levelPrefix).attn.\(layer)", patchDimension: site.patchDimension)
                }
            }
            if level != spatial.levelCount - 1 {
                weights.conv("\(levelPrefix).downsample.conv", out: blockIn, in: blockIn, kernel: [1, 3, 3])
            }
        }
        weights.middle("\(prefix).mid", channels: blockIn)
        weights.groupNorm("\(prefix).norm_out", channels: blockIn)
        weights.conv("\(prefix).conv_out", out: 2 * spatial.zChannels, in: blockIn, kernel: [1, 3, 3])
    }

    private func addSpatialDecoder(to weights: inout WeightListBuilder, prefix: String) {
        let channels = spatial.levelChannels
        var blockIn = channels[spatial.levelCount - 1]
        weights.conv("\(prefix).conv_in", out: blockIn, in: spatial.zChannels, kernel: [1, 3, 3])
        weights.middle("\(prefix).mid", channels: blockIn)
        // Blocks are built coarsest level first but stored as decoder.up.<level>, finest first.
        var levels: [Int: WeightListBuilder] = [:]
        let attention = Dictionary(uniqueKeysWithValues: decoderCrossAttention.map { ($0.level, $0) })
        for level in (0..<spatial.levelCount).reversed() {
            var levelWeights = WeightListBuilder()
            let levelPrefix = "\(prefix).up.\(level)"
            for block in 0...spatial.resBlocksPerLevel {
                levelWeights.resnetBlock2plus1D("\(levelPrefix).block.\(block)", in: blockIn, out: channels[level])
                blockIn = channels[level]
            }
            if let site = attention[level] {
                for layer in 0..<site.layerCount {
                    levelWeights.crossAttention("\(levelPrefix).attn.\(layer)", patchDimension: site.patchDimension)
                }
            }
            if level != 0 {
                levelWeights.conv("\(levelPrefix).upsample.conv", out: blockIn, in: blockIn, kernel: [1, 3, 3])
            }
            levels[level] = levelWeights
        }
        for level in 0..<spatial.levelCount {
            weights.specs += levels[level]?.specs ?? []
        }
        weights.groupNorm("\(prefix).norm_out", channels: blockIn)
        weights.conv("\(prefix).conv_out", out: spatial.outChannels, in: blockIn, kernel: [1, 3, 3])
    }

    private func addTemporalEncoder(to weights: inout WeightListBuilder, prefix: String) {
        let hidden = temporal.hiddenChannels
        weights.conv("\(prefix).conv_in.conv", out: hidden, in: temporal.inChannels, kernel: [3, 3, 3])
        let attentionStages = Set(temporalEncoderAttentionStages)
        var stageOut = hidden
        for stage in 0..<temporal.stageCount {
            let stagePrefix = "\(prefix).mid_blocks.\(stage)"
            let stageIn = hidden << stage
            stageOut = temporalEncoderStageChannels(stage)
            weights.conv("\(stagePrefix).down.conv", out: stageOut, in: stageIn, kernel: [3, 3, 3])
            weights.temporalResBlock("\(stagePrefix).res", channels: stageOut)
            if attentionStages.contains(stage) {
                weights.crossAttention("\(stagePrefix).attn.0", patchDimension: stageOut)
            }
        }
        weights.groupNorm("\(prefix).final_block.0", channels: stageOut)
        weights.conv("\(prefix).final_block.2.conv", out: 2 * temporal.outChannels, in: stageOut, kernel: [3, 3, 3])
    }

    private func addTemporalDecoder(to weights: inout WeightListBuilder, prefix: String) {
        let hidden = temporal.hiddenChannels
        let stages = temporal.stageCount
        let encoderOut = hidden << stages
        weights.conv("\(prefix).conv_in.conv", out: encoderOut, in: temporal.inChannels, kernel: [3, 3, 3])
        let attentionStages = Set(temporalDecoderAttentionStages)
        var stageOut = encoderOut
        for stage in 0..<stages {
            let stagePrefix = "\(prefix).mid_blocks.\(stage)"
            let stageIn = stage == 0 ? encoderOut : hidden << (stages - stage + 1)
            stageOut = temporalDecoderStageChannels(stage)
            // ConvTranspose3d stores its weight as [in, out, kT, kH, kW].
            weights.add("\(stagePrefix).up.weight", [stageIn, stageOut, 3, 3, 3])
            weights.add("\(stagePrefix).up.bias", [stageOut])
            let attends = attentionStages.contains(stage)
            weights.temporalResBlock("\(stagePrefix).res1", channels: stageOut)
            if attends { weights.crossAttention("\(stagePrefix).attn1.0", patchDimension: stageOut) }
            weights.temporalResBlock("\(stagePrefix).res2", channels: stageOut)
            if attends { weights.crossAttention("\(stagePrefix).attn2.0", patchDimension: stageOut) }
        }
        weights.conv("\(prefix).conv_last.conv", out: temporal.outChannels, in: stageOut, kernel: [3, 3, 3])
    }
}

/// Appends tensors for upstream's building blocks in their registration order.
struct WeightListBuilder {
    var specs: [WeightSpec] = []

    mutating func add(_ key: String, _ shape: [Int]) {
        specs.append(WeightSpec(key: key, shape: shape))
    }

    /// Conv1d/2d/3d: weight `[out, in, kernel…]`, bias `[out]`.
    mutating func conv(_ prefix: String, out: Int, in input: Int, kernel: [Int]) {
        add("\(prefix).weight", [out, input] + kernel)
        add("\(prefix).bias", [out])
    }

    /// GroupNorm or LayerNorm with affine parameters.
    mutating func groupNorm(_ prefix: String, channels: Int) {
        add("\(prefix).weight", [channels])
        add("\(prefix).bias", [channels])
    }

    /// `TemporalConvLayer`: GroupNorm, then a 3×3×3 conv.
    mutating func temporalConvLayer(_ prefix: String, channels: Int) {
        groupNorm("\(prefix).norm", channels: channels)
        conv("\(prefix).conv", out: channels, in: channels, kernel: [3, 3, 3])
    }

    /// `ResnetBlock2plus1D`; `conv3_tmp` exists even when the shortcut is the identity.
    mutating func resnetBlock2plus1D(_ prefix: String, in input: Int, out: Int) {
        groupNorm("\(prefix).norm1", channels: input)
        conv("\(prefix).conv1", out: out, in: input, kernel: [1, 3, 3])
        temporalConvLayer("\(prefix).conv1_tmp", channels: out)
        groupNorm("\(prefix).norm2", channels: out)
        conv("\(prefix).conv2", out: out, in: out, kernel: [1, 3, 3])
        temporalConvLayer("\(prefix).conv2_tmp", channels: out)
        if input != out {
            conv("\(prefix).nin_shortcut", out: out, in: input, kernel: [1, 1, 1])
        }
        temporalConvLayer("\(prefix).conv3_tmp", channels: out)
    }

    /// The middle of the 2+1D encoder/decoder: ResNet block, spatial attention, temporal attention, ResNet block.
    mutating func middle(_ prefix: String, channels: Int) {
        resnetBlock2plus1D("\(prefix).block_1", in: channels, out: channels)
        groupNorm("\(prefix).attn_1.norm", channels: channels)
        for projection in ["q", "k", "v", "proj_out"] {
            conv("\(prefix).attn_1.\(projection)", out: channels, in: channels, kernel: [1, 1, 1])
        }
        let temporalAttention = "\(prefix).attn_1_tmp"
        let tableRows = 2 * VideoVAEModelConfig.temporalAttentionMaxRelativePosition + 1
        groupNorm("\(temporalAttention).norm", channels: channels)
        conv("\(temporalAttention).qkv", out: 3 * channels, in: channels, kernel: [1])
        add("\(temporalAttention).relative_position_k.embeddings_table", [tableRows, channels])
        add("\(temporalAttention).relative_position_v.embeddings_table", [tableRows, channels])
        conv("\(temporalAttention).proj_out", out: channels, in: channels, kernel: [1])
        resnetBlock2plus1D("\(prefix).block_2", in: channels, out: channels)
    }

    /// `CrossAttention` / `SpatialCrossAttention`: LayerNorm over the patch vector, bias-free q/k/v, `to_out.0` Linear.
    mutating func crossAttention(_ prefix: String, patchDimension: Int) {
        let inner = VideoVAEModelConfig.crossAttentionHeads * VideoVAEModelConfig.crossAttentionHeadDimension
        let context = VideoVAEModelConfig.textContextDimension
        groupNorm("\(prefix).norm", channels: patchDimension)
        add("\(prefix).to_q.weight", [inner, patchDimension])
        add("\(prefix).to_k.weight", [inner, context])
        add("\(prefix).to_v.weight", [inner, context])
        add("\(prefix).to_out.0.weight", [patchDimension, inner])
        add("\(prefix).to_out.0.bias", [patchDimension])
    }

    /// The temporal coders' `ResBlock` (in = out, so no shortcut conv): replicate-padded 3×3×3 convs.
    mutating func temporalResBlock(_ prefix: String, channels: Int) {
        groupNorm("\(prefix).norm1", channels: channels)
        conv("\(prefix).conv1.conv", out: channels, in: channels, kernel: [3, 3, 3])
        groupNorm("\(prefix).norm2", channels: channels)
        conv("\(prefix).conv2.conv", out: channels, in: channels, kernel: [3, 3, 3])
    }
}
