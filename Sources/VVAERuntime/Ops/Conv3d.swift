/// A 3-D convolution (groups 1, dilation 1) over `[B, C, T, H, W]`, computed as `sgemm` over tiled im2col.
///
/// The weight is the row-major `[M = out, K]` matrix of the product, reordered once at load when the kernel spans
/// several frames (`FrameColumns`), never per call. Padding is given per side and applied on the fly while
/// building columns (zeros or replicate), so asymmetric pads cost nothing extra.
public struct Conv3d: Sendable {
    /// The weight as the `[out, K]` matrix the products use, its K in the row order of the columns: PyTorch's
    /// `[out, in, kT, kH, kW]` when kT is 1, tap-major `[out, kT, in, kH, kW]` otherwise (`FrameColumns`).
    let matrix: Tensor

    /// `[out, in, kT, kH, kW]`, as PyTorch stores it.
    public var weight: Tensor { kernel.t > 1 ? FrameColumns.channelMajor(matrix) : matrix }
    /// `[out]`, or nil for a convolution without bias.
    public let bias: Tensor?
    public let stride: Size3
    public private(set) var padding: Padding3d
    public private(set) var paddingMode: PaddingMode
    /// Upper bound for the im2col tile; output positions are processed in tiles so the buffer never exceeds it.
    public var columnBufferBytes: Int

    /// Output frames of at least this many positions take the `FrameColumns` path when kT > 1 (tests lower it).
    var frameColumnsMinimumPlane = Conv3d.preferredTileColumns

    /// Convolutions with 3×3 spatial taps at spatial stride 1 take the `Winograd` path when an output frame has at
    /// least this many 2×2 tiles (tests raise it to force the other paths, or lower it).
    var winogradMinimumTiles = Winograd.minimumTiles

    /// The default im2col bound (64 MB).
    public static let defaultColumnBufferBytes = 64 << 20

    /// Output positions per im2col tile when the bound allows. A tile of a few hundred columns stays in the
    /// last-level cache between im2col writing it and `sgemm` packing it, while `sgemm` still gets wide enough
    /// panels; measured on the 16z model's convolutions (K = 1,152…13,824), 512 beat both 256 and 1,024–4,096
    /// by 5–25 % (Docs/PERFORMANCE.md).
    public static let preferredTileColumns = 512

    public let outChannels: Int
    public let inChannels: Int
    public let kernel: Size3

    public init(
        weight: consuming Tensor, bias: Tensor?,
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
        try Self.checkPadding(padding)
        outChannels = weight.shape[0]
        inChannels = weight.shape[1]
        kernel = Size3(weight.shape[2], weight.shape[3], weight.shape[4])
        if kernel.t > 1 {
            matrix = FrameColumns.tapMajor(consume weight)
        } else {
            matrix = weight
        }
        self.bias = bias
        self.stride = stride
        self.padding = padding
        self.paddingMode = paddingMode
        self.columnBufferBytes = max(columnBufferBytes, 4)
    }

    /// The same weights — shared, not copied — with other padding (upstream's `F.pad` before a conv, folded in).
    public func withPadding(_ padding: Padding3d, mode: PaddingMode) throws -> Conv3d {
        try Self.checkPadding(padding)
        var padded = self
        padded.padding = padding
        padded.paddingMode = mode
        return padded
    }

    private static func checkPadding(_ padding: Padding3d) throws {
        guard padding.isNonNegative else {
            throw TensorError(operation: "Conv3d", message: "padding must be non-negative, got \(padding)")
        }
    }

    /// `[B, out, T', H', W']` for an input of `shape`, or a `TensorError` naming the mismatch.
    public func outputShape(forInput shape: [Int]) throws -> [Int] {
        guard shape.count == 5, shape[1] == inChannels else {
            throw TensorError(operation: "Conv3d",
                              message: "input must be [B, \(inChannels), T, H, W], got \(shape) (weight [\(outChannels), \(inChannels), \(kernel.t), \(kernel.h), \(kernel.w)])")
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

    /// Whether an output frame of `outputHeight × outputWidth` is computed by `Winograd`.
    func takesWinograd(outputHeight: Int, outputWidth: Int) -> Bool {
        let tiles = Winograd.tiles(height: outputHeight, width: outputWidth)
        return Winograd.applies(kernel: kernel, stride: stride) && tiles.rows * tiles.columns >= winogradMinimumTiles
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
        if takesWinograd(outputHeight: outShape[3], outputWidth: outShape[4]) {
            return convolveByWinograd(input, outputShape: outShape, geometry: geometry)
        }
        // Frames of a full tile or more build their columns once per frame (`FrameColumns`); smaller frames would
        // cut every product to one frame's width, and OpenBLAS repacks the weights for each product.
        if kernel.t > 1 && outShape[3] * outShape[4] >= frameColumnsMinimumPlane {
            return convolveByFrames(input, outputShape: outShape, geometry: geometry)
        }
        let threads = BLAS.threadCount
        // At most the preferred width and the buffer bound; small convolutions still get four tiles to share.
        // Never derived from the thread count, so results do not depend on it (see `BLAS.blockWidth`).
        let tile = max(1, min(Conv3d.preferredTileColumns, max(64, (positions + 3) / 4),
                              columnBufferBytes / (k * MemoryLayout<Float>.stride)))
        let tilesPerSample = (positions + tile - 1) / tile
        let mode = paddingMode
        return producingOutput(outShape, from: input) { out, w, x in
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
                            mode: mode, start: start, count: count, tapMajor: kernel.t > 1, columns: buffer)
                BLAS.sgemmOnThisThread(transposeA: false, transposeB: false, m: m, n: count, k: k, alpha: 1,
                                       a: w, lda: k, b: buffer, ldb: count,
                                       beta: 1, c: out + b * m * positions + start, ldc: positions)
            }
        }
    }

    /// A new output tensor, every row set to its channel's bias, with the output, weight-matrix and input
    /// storage handed to `body` to accumulate the products into.
    func producingOutput(
        _ outShape: [Int], from input: Tensor,
        _ body: (_ out: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>) -> Void
    ) -> Tensor {
        Tensor(validatedShape: outShape) { output in
            guard let out = output.baseAddress else { return }
            matrix.withUnsafeBufferPointer { w in
                guard let w = w.baseAddress else { return }
                fillBias(out, batch: outShape[0], positions: outShape[2] * outShape[3] * outShape[4])
                input.withUnsafeBufferPointer { x in
                    guard let x = x.baseAddress else { return }
                    body(out, w, x)
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
