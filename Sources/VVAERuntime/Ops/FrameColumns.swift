/// Convolutions whose kernel spans several frames, with each frame's columns built once.
///
/// Plain im2col copies every input value once per temporal tap (27 times for a 3×3×3 kernel). Here the columns of
/// one input frame — its `in·kH·kW` rows for a tile of spatial positions — are built once and stacked frame after
/// frame; the weight is stored tap-major (`[out, kT, in, kH, kW]`), so the `kT` consecutive blocks an output frame
/// reads are exactly the rows of its `[K, tile]` operand, and each output frame is one product with the full K.
/// Work items are (sample, spatial tile, group of output frames), sized from the geometry alone — never from the
/// thread count — so results do not depend on `--threads`.
enum FrameColumns {
    /// PyTorch's `[out, in, kT, kH, kW]` reordered to `[out, kT, in, kH, kW]`, in place when the caller hands over
    /// the only reference (as loading does), so the model never holds a second copy of its weights.
    static func tapMajor(_ weight: consuming Tensor) -> Tensor { swappingMiddleAxes(consume weight) }

    /// The inverse of `tapMajor`: `[out, kT, in, kH, kW]` back to PyTorch's `[out, in, kT, kH, kW]`.
    static func channelMajor(_ matrix: Tensor) -> Tensor { swappingMiddleAxes(matrix) }

    /// `[n, a, b, h, w]` → `[n, b, a, h, w]`, moving whole `h·w` planes through one `[a, b]` slice of scratch.
    private static func swappingMiddleAxes(_ tensor: consuming Tensor) -> Tensor {
        let shape = tensor.shape
        let (n, a, b, plane) = (shape[0], shape[1], shape[2], shape[3] * shape[4])
        let slice = a * b * plane
        var scalars = (consume tensor).scalars
        scalars.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            ParallelLoop.forEachRange(count: n, workPerItem: slice) { range in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: slice)
                defer { scratch.deallocate() }
                for o in range {
                    let target = base + o * slice
                    scratch.update(from: target, count: slice)
                    for i in 0..<a {
                        for j in 0..<b {
                            (target + (j * a + i) * plane).update(from: scratch + (i * b + j) * plane, count: plane)
                        }
                    }
                }
            }
        }
        return Tensor(validatedShape: [n, b, a, shape[3], shape[4]], scalars: scalars)
    }

    /// How one convolution is cut into work items.
    struct Plan {
        /// Spatial output positions per tile (columns of each product).
        let spatialTile: Int
        let spatialTiles: Int
        /// Output frames per work item.
        let groupFrames: Int
        let groups: Int
        /// Padded input frames one item's columns hold.
        let framesPerGroup: Int
        let outputPlane: Int
        let outT: Int
        let strideT: Int

        /// Work items per sample.
        var itemsPerSample: Int { spatialTiles * groups }

        /// One work item: its sample, its run of positions (or tiles) and its output frames.
        struct Item {
            let sample: Int
            let start: Int
            let count: Int
            let outputs: Range<Int>
            /// The padded input frame its first output frame starts at.
            let firstFrame: Int
        }

        /// Item `index` of `0..<batch·itemsPerSample`.
        func item(_ index: Int) -> Item {
            let local = index % itemsPerSample
            let start = (local % spatialTiles) * spatialTile
            let firstOutput = (local / spatialTiles) * groupFrames
            return Item(sample: index / itemsPerSample, start: start, count: min(spatialTile, outputPlane - start),
                        outputs: firstOutput..<min(outT, firstOutput + groupFrames), firstFrame: firstOutput * strideT)
        }

        init(outputPlane: Int, outT: Int, strideT: Int, kernelT: Int, blockRows: Int, bufferBytes: Int,
             preferredColumns: Int) {
            var tile = max(1, min(preferredColumns, outputPlane))
            let tiles = (outputPlane + tile - 1) / tile
            // At least four items per sample where the frames allow, so two threads share small convolutions.
            let groupsWanted = (4 + tiles - 1) / tiles
            // At most kT/strideT + 1 output frames per item: its columns then hold at most 2·kT frame blocks, twice
            // a plain im2col tile, and still build each frame's columns ~1.5 times instead of kT times.
            var frames = min((outT + groupsWanted - 1) / groupsWanted, kernelT / strideT + 1)
            func bytes(_ frames: Int, _ tile: Int) -> Int { ((frames - 1) * strideT + kernelT) * blockRows * tile * 4 }
            while frames > 1 && bytes(frames, tile) > bufferBytes { frames = (frames + 1) / 2 }
            while tile > 1 && bytes(frames, tile) > bufferBytes { tile = (tile + 1) / 2 }
            spatialTile = tile
            spatialTiles = (outputPlane + tile - 1) / tile
            groupFrames = min(frames, outT)
            groups = (outT + groupFrames - 1) / groupFrames
            framesPerGroup = (groupFrames - 1) * strideT + kernelT
            self.outputPlane = outputPlane
            self.outT = outT
            self.strideT = strideT
        }
    }
}

extension Conv3d {
    /// The convolution for kT > 1 (see `FrameColumns`); the output is `[B, out, T', H', W']`.
    func convolveByFrames(_ input: Tensor, outputShape outShape: [Int], geometry g: ConvGeometry) -> Tensor {
        let batch = outShape[0]
        let m = outChannels
        let blockRows = inChannels * kernel.h * kernel.w
        let k = kernel.t * blockRows
        let plane = g.outH * g.outW
        let positions = g.outputPositions
        let plan = FrameColumns.Plan(outputPlane: plane, outT: g.outT, strideT: stride.t, kernelT: kernel.t,
                                     blockRows: blockRows, bufferBytes: columnBufferBytes,
                                     preferredColumns: Conv3d.preferredTileColumns)
        let items = batch * plan.itemsPerSample
        let workers = min(BLAS.threadCount, items)
        let bufferCount = plan.framesPerGroup * blockRows * plan.spatialTile
        let mode = paddingMode
        return producingOutput(outShape, from: input) { out, w, x in
            let columns = UnsafeMutablePointer<Float>.allocate(capacity: workers * bufferCount)
            defer { columns.deallocate() }
            ParallelLoop.forEachIndexDynamically(count: items, workers: workers) { index, worker in
                let item = plan.item(index)
                let (b, start, count, firstOutput) = (item.sample, item.start, item.count, item.outputs.lowerBound)
                let firstFrame = item.firstFrame
                let block = blockRows * count
                let buffer = columns + worker * bufferCount
                let sample = x + b * g.channels * g.inputPlane
                var filled = 0
                for o in item.outputs {
                    // Build each padded frame's columns just before the first product that reads it, so the
                    // blocks a product reads were written recently and are still in cache.
                    let needed = (o - firstOutput) * stride.t + kernel.t
                    while filled < needed {
                        let frame = ConvGeometry(
                            channels: g.channels, inT: g.inT, inH: g.inH, inW: g.inW,
                            outT: 1, outH: g.outH, outW: g.outW,
                            kernel: Size3(1, kernel.h, kernel.w), stride: Size3(1, stride.h, stride.w),
                            padT: g.padT - (firstFrame + filled), padH: g.padH, padW: g.padW)
                        Im2Col.fill(input: sample, geometry: frame, mode: mode, start: start, count: count,
                                    columns: buffer + filled * block)
                        filled += 1
                    }
                    BLAS.sgemmOnThisThread(
                        transposeA: false, transposeB: false, m: m, n: count, k: k, alpha: 1,
                        a: w, lda: k, b: buffer + (o - firstOutput) * stride.t * block, ldb: count,
                        beta: 1, c: out + b * m * positions + o * plane + start, ldc: positions)
                }
            }
        }
    }
}
