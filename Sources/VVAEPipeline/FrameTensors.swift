import VVAERuntime

/// RGB24 frames ↔ model tensors, with upstream's arithmetic: in, `(x/255 - 0.5)·2`; out,
/// `uint8(clamp((y + 1)/2, 0, 1)·255)` (truncating, as `tensor.to(torch.uint8)` does).
public enum FrameTensors {
    /// `frames` (each `height·width·3` bytes, RGB) → `[1, 3, T, paddedHeight, paddedWidth]`, edges replicated.
    public static func tensor(frames: [[UInt8]], plan: SpatialPlan) throws -> Tensor {
        let (w, h, pw, ph) = (plan.width, plan.height, plan.paddedWidth, plan.paddedHeight)
        let t = frames.count
        var values = [Float](repeating: 0, count: 3 * t * ph * pw)
        for (frameIndex, source) in frames.enumerated() {
            guard source.count == w * h * 3 else {
                throw TensorError(operation: "FrameTensors.tensor", message: "frame \(frameIndex) has \(source.count) bytes, a \(w)x\(h) RGB frame has \(w * h * 3)")
            }
            for y in 0..<ph {
                let sy = min(y, h - 1)
                for x in 0..<pw {
                    let base = (sy * w + min(x, w - 1)) * 3
                    for channel in 0..<3 {
                        values[((channel * t + frameIndex) * ph + y) * pw + x] = (Float(source[base + channel]) / 255 - 0.5) * 2
                    }
                }
            }
        }
        return try Tensor(shape: [1, 3, t, ph, pw], scalars: values)
    }

    /// `[1, 3, T, H', W']` → T frames of `plan.height × plan.width` RGB bytes (padding cropped off).
    public static func frames(from tensor: Tensor, plan: SpatialPlan, range: Range<Int>? = nil) -> [[UInt8]] {
        let (t, ph, pw) = (tensor.shape[2], tensor.shape[3], tensor.shape[4])
        let (w, h) = (plan.width, plan.height)
        let wanted = range ?? 0..<t
        let values = tensor.scalars
        return wanted.map { frameIndex in
            var pixels = [UInt8](repeating: 0, count: w * h * 3)
            for y in 0..<h {
                for x in 0..<w {
                    for channel in 0..<3 {
                        let value = values[((channel * t + frameIndex) * ph + y) * pw + x]
                        let unit = min(max((value + 1) / 2, 0), 1) * 255
                        pixels[(y * w + x) * 3 + channel] = UInt8(unit.isNaN ? 0 : unit)
                    }
                }
            }
            return pixels
        }
    }
}
