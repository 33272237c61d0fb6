extension Tensor {
    /// `[B, C, T, H, W]` padded per side with zeros or edge values, as `F.pad(x, (w0, w1, h0, h1, t0, t1), mode)`.
    /// Convolutions take their padding directly; this is for the places the model pads on its own.
    public func padded(_ padding: Padding3d, mode: PaddingMode) throws -> Tensor {
        guard rank == 5, padding.isNonNegative else {
            throw TensorError(operation: "pad", message: "need [B, C, T, H, W] and non-negative pads, got \(shape), \(padding)")
        }
        let (t, h, w) = (shape[2], shape[3], shape[4])
        if mode == .replicate && (t == 0 || h == 0 || w == 0) {
            throw TensorError(operation: "pad", message: "cannot replicate-pad an empty axis in \(shape)")
        }
        let outT = t + padding.tBefore + padding.tAfter
        let outH = h + padding.hBefore + padding.hAfter
        let outW = w + padding.wBefore + padding.wAfter
        let outShape = [shape[0], shape[1], outT, outH, outW]
        let planes = shape[0] * shape[1]
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress else { return }
            withUnsafeBufferPointer { input in
                let x = input.baseAddress
                ParallelLoop.forEachRange(count: planes * outT * outH, workPerItem: outW) { range in
                    for rowIndex in range {
                        let oh = rowIndex % outH
                        let ot = (rowIndex / outH) % outT
                        let plane = rowIndex / (outH * outT)
                        let row = out + rowIndex * outW
                        var it = ot - padding.tBefore
                        var ih = oh - padding.hBefore
                        if mode == .zeros {
                            guard let x, it >= 0, it < t, ih >= 0, ih < h else {
                                row.initialize(repeating: 0, count: outW)
                                continue
                            }
                            let source = x + ((plane * t + it) * h + ih) * w
                            row.initialize(repeating: 0, count: padding.wBefore)
                            (row + padding.wBefore).initialize(from: source, count: w)
                            (row + padding.wBefore + w).initialize(repeating: 0, count: padding.wAfter)
                        } else {
                            guard let x else { continue }
                            it = min(max(it, 0), t - 1)
                            ih = min(max(ih, 0), h - 1)
                            let source = x + ((plane * t + it) * h + ih) * w
                            row.initialize(repeating: source[0], count: padding.wBefore)
                            (row + padding.wBefore).initialize(from: source, count: w)
                            (row + padding.wBefore + w).initialize(repeating: source[w - 1], count: padding.wAfter)
                        }
                    }
                }
            }
        }
    }
}
