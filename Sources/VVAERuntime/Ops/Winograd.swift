/// Convolutions with 3×3 spatial taps at spatial stride 1, by Winograd's minimal filtering F(2×2, 3×3).
///
/// Each 2×2 block of output positions of one frame is computed from the 4×4 input patch under it: the patch is
/// transformed (`Bᵀ d B`, additions only), multiplied element by element with the transformed kernel (`G g Gᵀ`,
/// done once per call in Double), summed over input channels and temporal taps, and transformed back (`Aᵀ m A`,
/// additions only). The sum over channels and taps of each of the 16 transformed positions is one `sgemm` with
/// K = kT·in, so the products do 16 multiplications per 4 outputs instead of 36: 2.25× fewer flops than im2col.
/// F(2,3) is the variant whose transforms use only 0, ±1 and ½ (exact in binary); larger tiles (F(4,3)) save more
/// but amplify rounding tenfold. What rounding F(2,3) adds is taken back by doing the transforms in Double
/// (each transformed value rounded once) and by summing K in short blocks (`productDepth`), so the result is
/// closer to float64 than im2col's was, and than PyTorch's float32 (Docs/ACCURACY.md).
///
/// Work items are (sample, run of tiles, group of output frames), as in `FrameColumns`, sized from the geometry
/// alone so results do not depend on the thread count. Each input frame's transformed patches are stacked frame
/// after frame like `FrameColumns`' columns, so one output frame's operand is `kT` consecutive frame blocks.
enum Winograd {
    /// Transformed positions per tile (4×4).
    static let positions = 16

    /// Rows of K each `sgemm` call sums before its result is added to the previous calls' (beta 1). OpenBLAS sums
    /// a call's whole K in one running total per output; Winograd's transformed values are larger than the inputs
    /// and partly cancel in `Aᵀ m A`, so one long running total would leave the result further from float64 than
    /// im2col's (1.3× in the 16z study). Sums of 64 added up block by block round far less (Docs/ACCURACY.md:
    /// then closer to float64 than PyTorch's float32), for a few per cent more time.
    static let productDepth = 64

    /// Whether the convolution can take this path: 3×3 spatial taps, spatial stride 1 (any kT and temporal stride).
    static func applies(kernel: Size3, stride: Size3) -> Bool {
        kernel.h == 3 && kernel.w == 3 && stride.h == 1 && stride.w == 1
    }

    /// 2×2 output tiles covering a `height × width` frame (an odd edge gets a half-used tile).
    static func tiles(height: Int, width: Int) -> (rows: Int, columns: Int) {
        ((height + 1) / 2, (width + 1) / 2)
    }

    /// Smallest output frame (in 2×2 tiles) that takes this path by default.
    static let minimumTiles = 16

    /// Output tiles per work item when the buffer bound allows.
    static let preferredTiles = 256

    /// Bound on one worker's transformed-input buffer. Each frame block is read by up to kT output frames' products,
    /// so the buffer should stay in the last-level cache (32 MB shared here) between them; the im2col bound (64 MB)
    /// is too large for that.
    static let bufferBytes = 24 << 20

    /// The weight matrix `[out, kT·in·9]` (taps in `Conv3d.matrix` order) as 16 matrices `[out, kT·in]`, one per
    /// transformed position: `U = G g Gᵀ` for each 3×3 kernel `g`, in Double, rounded once.
    static func transformedWeights(_ w: UnsafePointer<Float>, rows: Int, columns: Int,
                                   into u: UnsafeMutablePointer<Float>) {
        let kernels = rows * columns
        ParallelLoop.forEachRange(count: kernels, workPerItem: 64) { range in
            for index in range {
                let g = w + index * 9
                let out = u + index
                // t = G g row by row, then each row of t times Gᵀ; G = [[1,0,0],[½,½,½],[½,-½,½],[0,0,1]].
                // Each entry is computed exactly as written so every kernel rounds alike.
                @inline(__always) func column(_ j: Int) -> (Double, Double, Double, Double) {
                    let g0 = Double(g[j]), g1 = Double(g[3 + j]), g2 = Double(g[6 + j])
                    return (g0, 0.5 * (g0 + g1 + g2), 0.5 * (g0 - g1 + g2), g2)
                }
                let c0 = column(0), c1 = column(1), c2 = column(2)
                @inline(__always) func row(_ i: Int, _ r0: Double, _ r1: Double, _ r2: Double) {
                    out[(4 * i) * kernels] = Float(r0)
                    out[(4 * i + 1) * kernels] = Float(0.5 * (r0 + r1 + r2))
                    out[(4 * i + 2) * kernels] = Float(0.5 * (r0 - r1 + r2))
                    out[(4 * i + 3) * kernels] = Float(r2)
                }
                row(0, c0.0, c1.0, c2.0)
                row(1, c0.1, c1.1, c2.1)
                row(2, c0.2, c1.2, c2.2)
                row(3, c0.3, c1.3, c2.3)
            }
        }
    }

    /// Writes `Bᵀ d B` of the 4×4 patches of one input frame (all `channels`) for tiles `start..<start+count` of a
    /// `tilesW`-wide tile grid, to `v[ξ·positionStride + c·count + j]`. `frame` is nil for a zero-padded frame.
    /// `rowOffset`/`columnOffset` are the input coordinates of tile (0, 0)'s patch corner (minus the padding);
    /// channel `c` of the frame starts at `frame + c·channelStride`.
    ///
    /// The four input rows under each row of tiles are first copied, padding included, into a small buffer, so
    /// every patch is read the same way and eight patches at a time become eight-lane vectors.
    static func transformInput(
        frame: UnsafePointer<Float>?, channels: Int, channelStride: Int, height: Int, width: Int, mode: PaddingMode,
        rowOffset: Int, columnOffset: Int, tilesW: Int, start: Int, count: Int,
        into v: UnsafeMutablePointer<Float>, positionStride: Int
    ) {
        guard let frame else {
            for xi in 0..<positions { (v + xi * positionStride).update(repeating: 0, count: channels * count) }
            return
        }
        // Padded columns one tile row's patches read: 2·tilesW + 2, plus room for the 16-lane loads.
        let rowLength = 2 * tilesW + 2 + 16
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 4 * rowLength) { rows in
            guard let rows = rows.baseAddress else { return }
            rows.initialize(repeating: 0, count: 4 * rowLength)
            for c in 0..<channels {
                let source = frame + c * channelStride
                let destination = v + c * count
                var j = 0
                while j < count {
                    let tile = start + j
                    let firstTx = tile % tilesW
                    let run = min(tilesW - firstTx, count - j)
                    let y0 = 2 * (tile / tilesW) + rowOffset
                    let x0 = 2 * firstTx + columnOffset
                    for i in 0..<4 {
                        copyPaddedRow(source, row: y0 + i, from: x0, count: 2 * run + 2, height: height, width: width,
                                      mode: mode, into: rows + i * rowLength)
                    }
                    var r = 0
                    while r + 8 <= run {
                        transformEight(rows + 2 * r, rowLength: rowLength, into: destination + j + r,
                                       positionStride: positionStride)
                        r += 8
                    }
                    while r < run {
                        transformOne(rows + 2 * r, rowLength: rowLength, into: destination + j + r,
                                     positionStride: positionStride)
                        r += 1
                    }
                    j += run
                }
            }
        }
    }

    /// Input row `row`, columns `from..<from+count`, with zero or replicate padding outside the frame.
    @inline(__always)
    private static func copyPaddedRow(_ source: UnsafePointer<Float>, row: Int, from x: Int, count: Int,
                                      height: Int, width: Int, mode: PaddingMode,
                                      into out: UnsafeMutablePointer<Float>) {
        var y = row
        if y < 0 || y >= height {
            if mode == .zeros {
                out.update(repeating: 0, count: count)
                return
            }
            y = min(max(y, 0), height - 1)
        }
        let line = source + y * width
        let insideStart = min(max(-x, 0), count)
        let insideEnd = max(insideStart, min(count, width - x))
        if insideStart > 0 { out.update(repeating: mode == .zeros ? 0 : line[0], count: insideStart) }
        if insideEnd > insideStart {
            (out + insideStart).update(from: line + x + insideStart, count: insideEnd - insideStart)
        }
        if count > insideEnd {
            (out + insideEnd).update(repeating: mode == .zeros ? 0 : line[width - 1], count: count - insideEnd)
        }
    }

    /// `Bᵀ d B` of eight horizontally adjacent patches starting at `p` (columns `p[0...17]` of four rows
    /// `rowLength` apart), each transformed position stored as eight consecutive values.
    @inline(__always)
    private static func transformEight(_ p: UnsafePointer<Float>, rowLength: Int,
                                       into out: UnsafeMutablePointer<Float>, positionStride: Int) {
        // Column j of the eight patches of one row: even/odd lanes of the row from offset 0 and 2, in Double.
        func columns(_ row: UnsafePointer<Float>) -> (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>) {
            let a = UnsafeRawPointer(row).loadUnaligned(as: SIMD16<Float>.self)
            let b = UnsafeRawPointer(row + 2).loadUnaligned(as: SIMD16<Float>.self)
            return (SIMD8<Double>(a.evenHalf), SIMD8<Double>(a.oddHalf), SIMD8<Double>(b.evenHalf),
                    SIMD8<Double>(b.oddHalf))
        }
        let d0 = columns(p), d1 = columns(p + rowLength)
        let d2 = columns(p + 2 * rowLength), d3 = columns(p + 3 * rowLength)
        func put(_ value: SIMD8<Double>, _ xi: Int) {
            UnsafeMutableRawPointer(out + xi * positionStride).storeBytes(of: SIMD8<Float>(value), as: SIMD8<Float>.self)
        }
        // Bᵀ d over rows (d0 − d2, d1 + d2, d2 − d1, d1 − d3), then the same over each row's columns; each
        // transformed value is exact in Double and rounded once.
        func rowTimesB(_ e: (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>), _ i: Int) {
            put(e.0 - e.2, 4 * i)
            put(e.1 + e.2, 4 * i + 1)
            put(e.2 - e.1, 4 * i + 2)
            put(e.1 - e.3, 4 * i + 3)
        }
        rowTimesB((d0.0 - d2.0, d0.1 - d2.1, d0.2 - d2.2, d0.3 - d2.3), 0)
        rowTimesB((d1.0 + d2.0, d1.1 + d2.1, d1.2 + d2.2, d1.3 + d2.3), 1)
        rowTimesB((d2.0 - d1.0, d2.1 - d1.1, d2.2 - d1.2, d2.3 - d1.3), 2)
        rowTimesB((d1.0 - d3.0, d1.1 - d3.1, d1.2 - d3.2, d1.3 - d3.3), 3)
    }

    /// `transformEight` for a single patch, with the same operations in the same order.
    @inline(__always)
    private static func transformOne(_ p: UnsafePointer<Float>, rowLength: Int,
                                     into out: UnsafeMutablePointer<Float>, positionStride: Int) {
        func row(_ i: Int) -> SIMD4<Double> {
            let q = p + i * rowLength
            return SIMD4(Double(q[0]), Double(q[1]), Double(q[2]), Double(q[3]))
        }
        let d0 = row(0), d1 = row(1), d2 = row(2), d3 = row(3)
        func rowTimesB(_ e: SIMD4<Double>, _ i: Int) {
            out[(4 * i) * positionStride] = Float(e[0] - e[2])
            out[(4 * i + 1) * positionStride] = Float(e[1] + e[2])
            out[(4 * i + 2) * positionStride] = Float(e[2] - e[1])
            out[(4 * i + 3) * positionStride] = Float(e[1] - e[3])
        }
        rowTimesB(d0 - d2, 0)
        rowTimesB(d1 + d2, 1)
        rowTimesB(d2 - d1, 2)
        rowTimesB(d1 - d3, 3)
    }

    /// Adds `Aᵀ m A` of each tile's 16 products `m[ξ·positionStride + o·count + j]` to the output frame
    /// (`[out, outH, outW]` planes `planeStride` apart, already holding the bias), skipping positions beyond an odd
    /// edge. `Aᵀ = [[1, 1, 1, 0], [0, 1, −1, −1]]`.
    static func transformOutput(
        _ m: UnsafePointer<Float>, positionStride: Int, outChannels: Int, tilesW: Int, start: Int, count: Int,
        into output: UnsafeMutablePointer<Float>, planeStride: Int, outH: Int, outW: Int
    ) {
        for o in 0..<outChannels {
            let source = m + o * count
            let plane = output + o * planeStride
            var j = 0
            while j < count {
                let tile = start + j
                let y = 2 * (tile / tilesW)
                let x = 2 * (tile % tilesW)
                // Eight tiles of one tile row, all inside the frame: as eight-lane vectors, interleaved on store.
                if j + 8 <= count && tile % tilesW + 8 <= tilesW && x + 16 <= outW && y + 2 <= outH {
                    transformEightOutput(source + j, positionStride: positionStride,
                                         into: plane + y * outW + x, outW: outW)
                    j += 8
                    continue
                }
                let p = source + j
                func row(_ first: Int) -> SIMD4<Double> {
                    SIMD4(Double(p[first * positionStride]), Double(p[(first + 1) * positionStride]),
                          Double(p[(first + 2) * positionStride]), Double(p[(first + 3) * positionStride]))
                }
                let m0 = row(0), m1 = row(4), m2 = row(8), m3 = row(12)
                let a0 = m0 + m1 + m2
                let a1 = m1 - m2 - m3
                let y00 = a0[0] + a0[1] + a0[2], y01 = a0[1] - a0[2] - a0[3]
                let y10 = a1[0] + a1[1] + a1[2], y11 = a1[1] - a1[2] - a1[3]
                let top = plane + y * outW + x
                @inline(__always) func add(_ value: Double, _ at: Int) { top[at] = Float(Double(top[at]) + value) }
                add(y00, 0)
                let right = x + 1 < outW
                if right { add(y01, 1) }
                if y + 1 < outH {
                    add(y10, outW)
                    if right { add(y11, outW + 1) }
                }
                j += 1
            }
        }
    }
}

extension Winograd {
    /// `Aᵀ m A` of eight tiles whose 16 products are eight consecutive values each at `m`, added to the 2×16
    /// output block at `top` (rows `outW` apart).
    @inline(__always)
    fileprivate static func transformEightOutput(_ m: UnsafePointer<Float>, positionStride: Int,
                                                 into top: UnsafeMutablePointer<Float>, outW: Int) {
        func load(_ xi: Int) -> SIMD8<Double> {
            SIMD8<Double>(UnsafeRawPointer(m + xi * positionStride).loadUnaligned(as: SIMD8<Float>.self))
        }
        // Aᵀ over rows (a0 = m0 + m1 + m2, a1 = m1 − m2 − m3), column by column, in Double.
        var a0 = (SIMD8<Double>(), SIMD8<Double>(), SIMD8<Double>(), SIMD8<Double>())
        var a1 = a0
        func column(_ j: Int) -> (SIMD8<Double>, SIMD8<Double>) {
            let m0 = load(j), m1 = load(4 + j), m2 = load(8 + j), m3 = load(12 + j)
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        (a0.0, a1.0) = column(0)
        (a0.1, a1.1) = column(1)
        (a0.2, a1.2) = column(2)
        (a0.3, a1.3) = column(3)
        func addRow(_ a: (SIMD8<Double>, SIMD8<Double>, SIMD8<Double>, SIMD8<Double>), _ row: UnsafeMutablePointer<Float>) {
            var interleaved = SIMD16<Double>()
            interleaved.evenHalf = a.0 + a.1 + a.2
            interleaved.oddHalf = a.1 - a.2 - a.3
            let raw = UnsafeMutableRawPointer(row)
            let sum = SIMD16<Double>(raw.loadUnaligned(as: SIMD16<Float>.self)) + interleaved
            raw.storeBytes(of: SIMD16<Float>(sum), as: SIMD16<Float>.self)
        }
        addRow(a0, top)
        addRow(a1, top + outW)
    }
}

extension Conv3d {
    /// The convolution by `Winograd` F(2×2, 3×3); the output is `[B, out, T', H', W']`.
    func convolveByWinograd(_ input: Tensor, outputShape outShape: [Int], geometry g: ConvGeometry) -> Tensor {
        let batch = outShape[0]
        let m = outChannels
        let kTIn = kernel.t * inChannels
        let (tilesH, tilesW) = Winograd.tiles(height: g.outH, width: g.outW)
        let tilesPerFrame = tilesH * tilesW
        let plane = g.outH * g.outW
        let frameInput = g.inH * g.inW
        let plan = FrameColumns.Plan(outputPlane: tilesPerFrame, outT: g.outT, strideT: stride.t, kernelT: kernel.t,
                                     blockRows: Winograd.positions * inChannels,
                                     bufferBytes: min(columnBufferBytes, Winograd.bufferBytes),
                                     preferredColumns: Winograd.preferredTiles)
        let items = batch * plan.itemsPerSample
        let workers = min(BLAS.threadCount, items)
        let inputCount = Winograd.positions * plan.framesPerGroup * inChannels * plan.spatialTile
        let productCount = Winograd.positions * m * plan.spatialTile
        let mode = paddingMode
        return producingOutput(outShape, from: input) { out, w, x in
            let u = UnsafeMutablePointer<Float>.allocate(capacity: Winograd.positions * m * kTIn)
            defer { u.deallocate() }
            Winograd.transformedWeights(w, rows: m, columns: kTIn, into: u)
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: workers * (inputCount + productCount))
            defer { scratch.deallocate() }
            ParallelLoop.forEachIndexDynamically(count: items, workers: workers) { index, worker in
                let item = plan.item(index)
                let (b, start, count, firstOutput) = (item.sample, item.start, item.count, item.outputs.lowerBound)
                let firstFrame = item.firstFrame
                let v = scratch + worker * (inputCount + productCount)
                let products = v + inputCount
                // Position ξ's rows of every frame are contiguous: [ξ][frame][in][tile].
                let positionStride = plan.framesPerGroup * inChannels * count
                let frameBlock = inChannels * count
                let sample = x + b * g.channels * g.inputPlane
                var filled = 0
                for o in item.outputs {
                    let needed = (o - firstOutput) * stride.t + kernel.t
                    while filled < needed {
                        var t = firstFrame + filled - g.padT
                        if t < 0 || t >= g.inT {
                            t = mode == .zeros ? -1 : min(max(t, 0), g.inT - 1)
                        }
                        Winograd.transformInput(
                            frame: t >= 0 ? sample + t * frameInput : nil, channels: inChannels, channelStride: g.inputPlane,
                            height: g.inH, width: g.inW, mode: mode,
                            rowOffset: -g.padH, columnOffset: -g.padW, tilesW: tilesW, start: start, count: count,
                            into: v + filled * frameBlock, positionStride: positionStride)
                        filled += 1
                    }
                    let operand = v + (o - firstOutput) * stride.t * frameBlock
                    // The 16 products of this output frame, K summed in blocks of `productDepth`; one position's
                    // blocks follow each other so its product stays in this core's cache between them.
                    for xi in 0..<Winograd.positions {
                        var first = 0
                        while first < kTIn {
                            let depth = min(Winograd.productDepth, kTIn - first)
                            BLAS.sgemmOnThisThread(
                                transposeA: false, transposeB: false, m: m, n: count, k: depth, alpha: 1,
                                a: u + xi * m * kTIn + first, lda: kTIn,
                                b: operand + xi * positionStride + first * count, ldb: count,
                                beta: first == 0 ? 0 : 1, c: products + xi * m * count, ldc: count)
                            first += depth
                        }
                    }
                    Winograd.transformOutput(
                        products, positionStride: m * count, outChannels: m, tilesW: tilesW, start: start,
                        count: count, into: out + b * m * g.outputPositions + o * plane, planeStride: g.outputPositions,
                        outH: g.outH, outW: g.outW)
                }
            }
        }
    }
}
