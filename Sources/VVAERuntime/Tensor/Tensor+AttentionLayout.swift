/// The reshapes between `[B, C, T, H, W]` activations and the token layouts the attention layers work on.
/// Each pair is exact inverse; all of them copy (the result is contiguous).
extension Tensor {
    /// `[B, C, T, H, W]` → `[B·T, H·W, C]`: one token per pixel of each frame (einops `"b c t h w -> (b t) (h w) c"`).
    public func framesToTokens() throws -> Tensor {
        let (b, c, t, h, w) = try fiveD("framesToTokens")
        return try permuted([0, 2, 3, 4, 1]).reshapedConsuming([b * t, h * w, c])
    }

    /// `[B·T, H·W, C]` → `[B, C, T, H, W]` (inverse of `framesToTokens`).
    public func tokensToFrames(batch: Int, height: Int, width: Int) throws -> Tensor {
        guard rank == 3, batch > 0, shape[0] % batch == 0, shape[1] == height * width else {
            throw TensorError(operation: "tokensToFrames",
                              message: "\(shape) is not [B·T, \(height)·\(width), C] with B = \(batch)")
        }
        let frames = shape[0] / batch
        return try reshaped([batch, frames, height, width, shape[2]]).permuted([0, 4, 1, 2, 3])
    }

    /// `[B, C, T, H, W]` → `[B·H·W, C, T]`: one time sequence per pixel (einops `"b c t h w -> (b h w) c t"`).
    public func pixelsToSequences() throws -> Tensor {
        let (b, c, t, h, w) = try fiveD("pixelsToSequences")
        return try permuted([0, 3, 4, 1, 2]).reshapedConsuming([b * h * w, c, t])
    }

    /// `[B·H·W, C, T]` → `[B, C, T, H, W]` (inverse of `pixelsToSequences`).
    public func sequencesToPixels(batch: Int, height: Int, width: Int) throws -> Tensor {
        guard rank == 3, batch > 0, shape[0] == batch * height * width else {
            throw TensorError(operation: "sequencesToPixels",
                              message: "\(shape) is not [\(batch)·\(height)·\(width), C, T]")
        }
        return try reshaped([batch, height, width, shape[1], shape[2]]).permuted([0, 3, 4, 1, 2])
    }

    /// `[B, C, T, H, W]` → `[B·T, (H/p)·(W/p), p·p·C]`: non-overlapping `p×p` patches per frame, each flattened in
    /// `(ph, pw, c)` order (einops `"b c t (h ph) (w pw) -> (b t) (h w) (ph pw c)"`).
    public func framesToPatches(patchSize p: Int) throws -> Tensor {
        let (b, c, t, h, w) = try fiveD("framesToPatches")
        guard p > 0, h % p == 0, w % p == 0 else {
            throw TensorError(operation: "framesToPatches", message: "H, W of \(shape) not divisible by patch \(p)")
        }
        return try reshaped([b, c, t, h / p, p, w / p, p])
            .permuted([0, 2, 3, 5, 4, 6, 1])
            .reshapedConsuming([b * t, (h / p) * (w / p), p * p * c])
    }

    /// `[B·T, (H/p)·(W/p), p·p·C]` → `[B, C, T, H, W]` (inverse of `framesToPatches`).
    public func patchesToFrames(batch: Int, height: Int, width: Int, patchSize p: Int) throws -> Tensor {
        guard rank == 3, batch > 0, p > 0, height % p == 0, width % p == 0, shape[0] % batch == 0,
              shape[1] == (height / p) * (width / p), shape[2] % (p * p) == 0 else {
            throw TensorError(operation: "patchesToFrames",
                              message: "\(shape) is not [B·T, (\(height)/\(p))·(\(width)/\(p)), \(p)·\(p)·C] with B = \(batch)")
        }
        let frames = shape[0] / batch
        let channels = shape[2] / (p * p)
        return try reshaped([batch, frames, height / p, width / p, p, p, channels])
            .permuted([0, 6, 1, 2, 4, 3, 5])
            .reshapedConsuming([batch, channels, frames, height, width])
    }

    private func fiveD(_ operation: String) throws -> (Int, Int, Int, Int, Int) {
        guard rank == 5 else {
            throw TensorError(operation: operation, message: "input must be [B, C, T, H, W], got \(shape)")
        }
        return (shape[0], shape[1], shape[2], shape[3], shape[4])
    }
}
