/// Where upstream places a text cross-attention layer in the 2+1D encoder or decoder: after every ResNet block of
/// a level whose running resolution is listed in `attn_resolutions`. Tokens are `patchSize × patchSize` patches.
public struct CrossAttentionSite: Sendable, Equatable {
    /// Level index `i` (`encoder.down.i` / `decoder.up.i`).
    public let level: Int
    /// The running resolution upstream compared with `attn_resolutions` (integer halving/doubling).
    public let resolution: Int
    /// Side of the square patch each token covers (encoder: 8 halved per level; decoder: 1 doubled per level
    /// from the coarsest).
    public let patchSize: Int
    /// Feature channels at the level.
    public let channels: Int
    /// How many layers (one per ResNet block of the level).
    public let layerCount: Int

    /// Length of a token vector: `channels × patchSize²`, ordered (ph, pw, c).
    public var patchDimension: Int { channels * patchSize * patchSize }
}
