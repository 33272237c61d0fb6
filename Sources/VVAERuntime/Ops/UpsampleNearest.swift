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
