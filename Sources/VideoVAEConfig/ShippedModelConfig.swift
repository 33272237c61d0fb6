// The four inference configs shipped in Configs/, compiled in so the installed tools need no files beside them.
// Keep in step with Configs/*.yaml: ShippedModelConfigTests fails when the texts differ.

/// The configs of the released VideoVAE+ checkpoints, built into the binary (same text as `Configs/`).
public enum ShippedModelConfig: String, CaseIterable, Sendable {
    /// sota-4-16z: 16 latent channels.
    case z16 = "16z"
    /// sota-4-4z: 4 latent channels with a quant conv.
    case z4 = "4z"
    /// sota-4-16z-text: 16 latent channels, text cross-attention.
    case z16Text = "16z-text"
    /// sota-4-4z-text: 4 latent channels, text cross-attention; the config omits `embed_dim` (as upstream's).
    case z4Text = "4z-text"

    /// Name of the file in `Configs/`.
    public var fileName: String {
        switch self {
        case .z16: return "config_16z.yaml"
        case .z4: return "config_4z.yaml"
        case .z16Text: return "config_16z_text.yaml"
        case .z4Text: return "config_4z_text.yaml"
        }
    }

    /// The parsed config.
    public func load() throws -> VideoVAEModelConfig {
        try VideoVAEModelConfig(yamlText: yamlText, sourceName: fileName)
    }

    /// The config text, byte for byte as in `Configs/`.
    public var yamlText: String {
        switch self {
        case .z16: return Self.yaml16z
        case .z4: return Self.yaml4z
        case .z16Text: return Self.yaml16zText
        case .z4Text: return Self.yaml4zText
        }
    }

    private static let yaml16z = #"""
    # VideoVAE+ with a 16-channel latent, no text guidance (weights: sota-4-16z).
    # Compresses video 4x in time and 8x in height and width.
    # Schema: the upstream inference config; `vvae` reads model.params and ignores training-only keys.
    model:
      base_learning_rate: 1.0e-4
      scale_lr: False
      target: src.models.autoencoder2plus1d_1dcnn.AutoencoderKL2plus1D_1dcnn
      params:
        monitor: "val/rec_loss"
        video_key: video
        image_key: video
        ckpt_path: ckpt/sota-4-16z.ckpt
        input_dim: 5
        ignore_keys_3d: ['loss']        # state-dict prefixes that belong to training only
        caption_guide: False
        use_quant_conv: False           # the encoder's moments go straight to the temporal encoder
        img_video_joint_train: False

        lossconfig:                     # training only; inference never builds it
          target: src.modules.losses.LPIPSWithDiscriminator3D
          params:
            disc_start: 50001
            kl_weight: 0
            disc_weight: 0.5

        # The 2+1D (per-frame spatial + temporal convolution) encoder and decoder.
        ddconfig:
          double_z: True
          z_channels: 16
          resolution: 216
          in_channels: 3
          out_ch: 3
          ch: 128
          ch_mult: [1, 2, 4, 4]         # four levels, three spatial halvings
          temporal_down_factor: 1
          num_res_blocks: 2
          attn_resolutions: []          # no text cross-attention
          dropout: 0.0

        # The temporal 1D-CNN encoder and decoder that compress the frame axis.
        ppconfig:
          temporal_scale_factor: 4
          z_channels: 16
          out_ch: 16
          ch: 16
          attn_temporal_factor: []

    """#

    private static let yaml4z = #"""
    # VideoVAE+ with a 4-channel latent, no text guidance (weights: sota-4-4z).
    # Compresses video 4x in time and 8x in height and width; a 1x1x1 quant conv narrows the moments to embed_dim.
    model:
      base_learning_rate: 1.0e-4
      scale_lr: False
      target: src.models.autoencoder2plus1d_1dcnn.AutoencoderKL2plus1D_1dcnn
      params:
        monitor: "val/rec_loss"
        embed_dim: 4                    # channels after quant_conv (its weight is 2*embed_dim x 2*z_channels)
        video_key: video
        image_key: video
        ckpt_path: ckpt/sota-4-4z.ckpt
        input_dim: 5
        ignore_keys_3d: ['loss']

        img_video_joint_train: False
        caption_guide: False
        use_quant_conv: True

        lossconfig:                     # training only
          target: src.modules.losses.LPIPSWithDiscriminator3D
          params:
            disc_start: 50001
            kl_weight: 0
            disc_weight: 0.5

        ddconfig:
          double_z: True
          z_channels: 4
          resolution: 216
          in_channels: 3
          out_ch: 3
          ch: 128
          ch_mult: [1, 2, 4, 4]
          temporal_down_factor: 1
          num_res_blocks: 2
          attn_resolutions: []
          dropout: 0.0

        ppconfig:
          temporal_scale_factor: 4
          z_channels: 4
          out_ch: 4
          ch: 4
          attn_temporal_factor: []

    """#

    private static let yaml16zText = #"""
    # VideoVAE+ with a 16-channel latent and text guidance (weights: sota-4-16z-text).
    # Cross-attention to T5 caption embeddings sits at every spatial level and in both temporal blocks.
    model:
      base_learning_rate: 1.0e-4
      scale_lr: False
      target: src.models.autoencoder2plus1d_1dcnn.AutoencoderKL2plus1D_1dcnn
      params:
        monitor: "val/rec_loss"
        video_key: video
        image_key: video
        img_video_joint_train: False
        caption_guide: True             # captions are embedded with T5 (1024-d tokens)
        use_quant_conv: False
        t5_model_max_length: 100        # caption tokens kept

        ckpt_path: ckpt/sota-4-16z-text.ckpt
        input_dim: 5
        ignore_keys_3d: ['loss']

        lossconfig:                     # training only
          target: src.modules.losses.LPIPSWithDiscriminator3D
          params:
            disc_start: 50001
            kl_weight: 0
            disc_weight: 0.5

        ddconfig:
          double_z: True
          z_channels: 16
          resolution: 216
          in_channels: 3
          out_ch: 3
          ch: 128
          ch_mult: [1, 2, 4, 4]
          temporal_down_factor: 1
          num_res_blocks: 2
          attn_resolutions: [27, 54, 108, 216]   # nominal sizes of the four levels: attention everywhere
          dropout: 0.0

        ppconfig:
          temporal_scale_factor: 4
          z_channels: 16
          out_ch: 16
          ch: 16
          attn_temporal_factor: [2, 4]  # cross-attention after the 2x and the 4x temporal stage

    """#

    private static let yaml4zText = #"""
    # VideoVAE+ with a 4-channel latent and text guidance (weights: sota-4-4z-text).
    # Like upstream's config_4z_cap, this file names no embed_dim although use_quant_conv is on: vvae-convert takes it
    # from the checkpoint's quant_conv.weight (8x8x1x1x1 there, so 4); other tools report it as missing.
    # It also names no ignore_keys_3d, so the default ['loss'] applies.
    model:
      base_learning_rate: 1.0e-4
      scale_lr: False
      target: src.models.autoencoder2plus1d_1dcnn.AutoencoderKL2plus1D_1dcnn
      params:
        monitor: "val/rec_loss"
        video_key: video
        image_key: video
        img_video_joint_train: False
        caption_guide: True
        use_quant_conv: True
        t5_model_max_length: 100

        ckpt_path: ckpt/sota-4-4z-text.ckpt
        input_dim: 5

        lossconfig:                     # training only
          target: src.modules.losses.LPIPSWithDiscriminator3D
          params:
            disc_start: 50001
            kl_weight: 0
            disc_weight: 0.5

        ddconfig:
          double_z: True
          z_channels: 4
          resolution: 216
          in_channels: 3
          out_ch: 3
          ch: 128
          ch_mult: [1, 2, 4, 4]
          temporal_down_factor: 1
          num_res_blocks: 2
          attn_resolutions: [27, 54, 108, 216]
          dropout: 0.0

        ppconfig:
          temporal_scale_factor: 4
          z_channels: 4
          out_ch: 4
          ch: 4
          attn_temporal_factor: [2, 4]

    """#
}
