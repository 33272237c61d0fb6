/// A 3-D convolution (groups 1, dilation 1) over `[B, C, T, H, W]`, computed as `sgemm` over tiled im2col.
///
/// PyTorch's weight `[out, in, kT, kH, kW]` is already the row-major `[M = out, K = in·kT·kH·kW]` matrix the
/// product needs, so it is used as stored — no per-call packing. Padding is given per side and applied on the fly
/// while building columns (zeros or replicate), so asymmetric pads cost nothing extra.
public struct Conv3d: Sendable {
    /// `[out, in, kT, kH, kW]`.
    public let weight: Tensor
    /// `[out]`, or nil for a convolution without bias.
    public let bias: Tensor?
    public let stride: Size3
    public let padding: Padding3d
    public let paddingMode: PaddingMode
    /// Upper bound for the im2col tile; output positions are processed in tiles so the buffer never exceeds it.
    public var columnBufferBytes: Int

    /// The default im2col bound (64 MB).
    public static let defaultColumnBufferBytes = 64 << 20

    /// Output positions per im2col tile when the bound allows. A tile of a few hundred columns stays in the
    /// last-level cache between im2col writing it and `sgemm` packing it, while `sgemm` still gets wide enough
    /// panels; measured on the 16z model's convolutions (K = 1,152…13,824), 512 beat both 256 and 1,024–4,096
    /// by 5–25 % (Docs/PERFORMANCE.md).
    public static let preferredTileColumns = 512

    public var outChannels: Int { weight.shape[0] }
    public var inChannels: Int { weight.shape[1] }
    public var kernel: Size3 { Size3(weight.shape[2], weight.shape[3], weight.shape[4]) }

    public init(
        weight: Tensor, bias: Tensor?,
        stride: Size3 = .one, padding: Padding3d = .zero, paddingMode: PaddingMode = .zeros,
        columnBufferBytes: Int = Conv3d.defaultColumnBufferBytes
    ) throws {
        guard weight.rank == 5, weight.shape.allSatisfy({ $0 > 0 }) else {
            throw TensorError(operation: "Conv3d", message: "weight must be [out, in, kT, kH, kW], got \(weight.shape)")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw TensorError(operation: "Conv3d",
                              message: "bias shape \(bias.shape) does not match \(weight.shape[0]) output channels")
        }
        guard stride.t > 0, stride.h > 0, stride.w > 0 else {
            throw TensorError(operation: "Conv3d", message: "stride must be positive, got \(stride)")
        }
        guard padding.isNonNegative else {
            throw TensorError(operation: "Conv3d", message: "padding must be non-negative, got \(padding)")
        }
        self.weight = weight
        self.bias = bias
        self.stride = stride
        self.padding = padding
        self.paddingMode = paddingMode
        self.columnBufferBytes = max(columnBufferBytes, 4)
    }

    /// `[B, out, T', H', W']` for an input of `shape`, or a `TensorError` naming the mismatch.
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 5, shape[1] == inChannels else {
            throw TensorError(operation: "Conv3d",
                              message: "input must be [B, \(inChannels), T, H, W], got \(shape) (weight \(weight.shape))")
        }
        guard shape[2] > 0, shape[3] > 0, shape[4] > 0 else {
            throw TensorError(operation: "Conv3d", message: "input \(shape) has an empty T, H or W")
        }
        let k = kernel
        let paddedT = shape[2] + padding.tBefore + padding.tAfter
        let paddedH = shape[3] + padding.hBefore + padding.hAfter
        let paddedW = shape[4] + padding.wBefore + padding.wAfter
        guard paddedT >= k.t, paddedH >= k.h, paddedW >= k.w else {
            throw TensorError(operation: "Conv3d",
                              message: "padded input (\(paddedT), \(paddedH), \(paddedW)) smaller than kernel \(k)")
        }
        return [shape[0], outChannels,
                (paddedT - k.t) / stride.t + 1, (paddedH - k.h) / stride.h + 1, (paddedW - k.w) / stride.w + 1]
    }

    public func callAsFunction(_ input: Tensor) throws -> Tensor {
        let outShape = try outputShape(forInput: input.shape)
        let batch = outShape[0]
        let geometry = ConvGeometry(
            channels: inChannels, inT: input.shape[2], inH: input.shape[3], inW: input.shape[4],
            outT: outShape[2], outH: outShape[3], outW: outShape[4],
            kernel: kernel, stride: stride, padT: padding.tBefore, padH: padding.hBefore, padW: padding.wBefore)
        let m = outChannels
        let k = geometry.rows
        let positions = geometry.outputPositions
        let isPointwise = kernel == .one && stride == .one && padding.isZero
        let threads = BLAS.threadCount
        // At most the preferred width and the buffer bound; small convolutions still get four tiles to share.
        // Never derived from the thread count, so results do not depend on it (see `BLAS.blockWidth`).
        let tile = max(1, min(Conv3d.preferredTileColumns, max(64, (positions + 3) / 4),
                              columnBufferBytes / (k * MemoryLayout<Float>.stride)))
        let tilesPerSample = (positions + tile - 1) / tile
        let mode = paddingMode
        return Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress else { return }
            weight.withUnsafeBufferPointer { w in
                guard let w = w.baseAddress else { return }
                fillBias(out, batch: batch, positions: positions)
                input.withUnsafeBufferPointer { x in
                    guard let x = x.baseAddress else { return }
                    if isPointwise {
                        for b in 0..<batch {
                            BLAS.sgemm(transposeA: false, transposeB: false, m: m, n: positions, k: k, alpha: 1,
                                       a: w, lda: k, b: x + b * k * positions, ldb: positions,
                                       beta: 1, c: out + b * m * positions, ldc: positions)
                        }
                        return
                    }
                    // One column buffer per thread; each tile is im2col then a product on the same thread, so
                    // the tile is still in that core's cache when sgemm packs it.
                    let workers = min(threads, batch * tilesPerSample)
                    let columns = UnsafeMutablePointer<Float>.allocate(capacity: workers * k * tile)
                    defer { columns.deallocate() }
                    ParallelLoop.forEachIndexDynamically(count: batch * tilesPerSample, workers: workers) { index, worker in
                        let b = index / tilesPerSample
                        let start = (index % tilesPerSample) * tile
                        let count = min(tile, positions - start)
                        let buffer = columns + worker * k * tile
                        Im2Col.fill(input: x + b * geometry.channels * geometry.inputPlane, geometry: geometry,
                                    mode: mode, start: start, count: count, columns: buffer)
                        BLAS.sgemmOnThisThread(transposeA: false, transposeB: false, m: m, n: count, k: k, alpha: 1,
                                               a: w, lda: k, b: buffer, ldb: count,
                                               beta: 1, c: out + b * m * positions + start, ldc: positions)
                    }
                }
            }
        }
    }

    /// Initialises every output row with its channel's bias (or zero); `sgemm` then accumulates with beta 1.
    private func fillBias(_ out: UnsafeMutablePointer<Float>, batch: Int, positions: Int) {
        let m = outChannels
        if let bias {
            bias.withUnsafeBufferPointer { bias in
                for b in 0..<batch {
                    for channel in 0..<m {
                        (out + (b * m + channel) * positions).initialize(repeating: bias[channel], count: positions)
                    }
                }
            }
        } else {
            out.initialize(repeating: 0, count: batch * m * positions)
        }
    }
}
