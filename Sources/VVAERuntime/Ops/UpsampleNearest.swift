extension Tensor {
    /// Nearest-neighbour ×2 on H and W of `[B, C, T, H, W]` (T untouched), as
    /// `F.interpolate(scale_factor=(1, 2, 2), mode="nearest")`.
    public func upsampledNearest2xHW() throws -> Tensor {
        guard rank == 5 else {
            throw TensorError(operation: "upsampleNearest2xHW", message: "input must be [B, C, T, H, W], got \(shape)")
        }
        let rows = shape[0] * shape[1] * shape[2] * shape[3]
        let width = shape[4]
        let outShape = [shape[0], shape[1], shape[2], shape[3] * 2, width * 2]
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress else { return }
            withUnsafeBufferPointer { input in
                guard let x = input.baseAddress else { return }
                ParallelLoop.forEachRange(count: rows, workPerItem: 4 * width) { range in
                    for row in range {
                        let source = x + row * width
                        let first = out + row * 4 * width
                        for j in 0..<width {
                            first[2 * j] = source[j]
                            first[2 * j + 1] = source[j]
                        }
                        (first + 2 * width).initialize(from: first, count: 2 * width)
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// `[B, C, T, H, W]` → `[B, C, 2T, H, W]`, frame `t` of the output being frame `t / 2` of the input
    /// (nearest interpolation ×2 on time, the temporal upsampler's).
    public func framesRepeatedTwice() throws -> Tensor {
        guard rank == 5 else {
            throw TensorError(operation: "framesRepeatedTwice", message: "input must be [B, C, T, H, W], got \(shape)")
        }
        let planes = shape[0] * shape[1]
        let frames = shape[2]
        let frame = shape[3] * shape[4]
        return Tensor(validatedShape: [shape[0], shape[1], frames * 2, shape[3], shape[4]]) { output in
            guard let out = output.baseAddress else { return }
            withUnsafeBufferPointer { input in
                guard let x = input.baseAddress else { return }
                for plane in 0..<planes {
                    for t in 0..<frames {
                        let source = x + (plane * frames + t) * frame
                        let destination = out + (plane * frames * 2 + 2 * t) * frame
                        destination.initialize(from: source, count: frame)
                        (destination + frame).initialize(from: source, count: frame)
                    }
                }
            }
        }
    }
}
