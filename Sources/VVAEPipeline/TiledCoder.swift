import VVAERuntime

/// The model run tile by tile over height and width (as diffusers' tiled VAE, with full-size edge tiles): encode
/// cuts overlapping pixel tiles, encodes each and blends the latents linearly across the overlap (in latent units,
/// overlap / spatial compression); decode cuts overlapping latent tiles, decodes each and blends the pixels.
/// Time is not tiled: each call gets one chunk of frames. When one tile covers the whole frame the model runs once,
/// untouched, so the result is bit-identical to untiled.
///
/// Each call takes an optional `progress`, which hears the share of the call done so far (0 to 1, rising) as each
/// step of the model ends (`WorkPlan`), tiles and, for `reconstruct`, encoder and decoder weighed by their work; it
/// hears 1 when the call returns.
public struct TiledCoder {
    public let model: VideoVAEModel
    /// Nil: never tiled.
    public let tiling: TileSize?

    public init(model: VideoVAEModel, tiling: TileSize?) {
        self.model = model
        self.tiling = tiling
    }

    private var scale: Int { model.config.spatialCompression }

    private func layouts(latentHeight: Int, latentWidth: Int) throws -> (rows: TileLayout, columns: TileLayout)? {
        guard let tiling else { return nil }
        let (tile, overlap) = (tiling.tile / scale, tiling.overlap / scale)
        let rows = try TileLayout(length: latentHeight, tile: tile, overlap: overlap)
        let columns = try TileLayout(length: latentWidth, tile: tile, overlap: overlap)
        return rows.isSingleTile && columns.isSingleTile ? nil : (rows, columns)
    }

    /// `x` `[B, 3, T, H, W]` (H, W multiples of the spatial compression) → latent (posterior mode).
    public func encode(_ x: Tensor, text: TextCondition?, maskTemporal: Bool,
                       progress: ((Double) -> Void)? = nil) throws -> Tensor {
        let share = try progress.map { WorkShare(total: try encodeWork(x.shape, text: text, maskTemporal: maskTemporal).total, report: $0) }
        let latent = try encode(x, text: text, maskTemporal: maskTemporal, share: share)
        share?.finish()
        return latent
    }

    /// Latent `[B, C, T', h, w]` → reconstruction `[B, 3, T, h·s, w·s]`.
    public func decode(_ z: Tensor, text: TextCondition?, maskTemporal: Bool,
                       progress: ((Double) -> Void)? = nil) throws -> Tensor {
        let share = try progress.map { WorkShare(total: try decodeWork(z.shape, text: text, maskTemporal: maskTemporal), report: $0) }
        let video = try decode(z, text: text, maskTemporal: maskTemporal, share: share)
        share?.finish()
        return video
    }

    /// `x` through encode (posterior mode) and decode: a reconstruction of the same shape.
    public func reconstruct(_ x: Tensor, text: TextCondition?, maskTemporal: Bool = false,
                            progress: ((Double) -> Void)? = nil) throws -> Tensor {
        let share = try progress.map { report in
            let encoding = try encodeWork(x.shape, text: text, maskTemporal: maskTemporal)
            let decoding = try decodeWork(encoding.outputShape, text: text, maskTemporal: maskTemporal)
            return WorkShare(total: encoding.total + decoding, report: report)
        }
        let latent = try encode(x, text: text, maskTemporal: maskTemporal, share: share)
        let video = try decode(latent, text: text, maskTemporal: maskTemporal, share: share)
        share?.finish()
        return video
    }

    private func encode(_ x: Tensor, text: TextCondition?, maskTemporal: Bool, share: WorkShare?) throws -> Tensor {
        guard let (rows, columns) = try layouts(latentHeight: x.shape[3] / scale, latentWidth: x.shape[4] / scale) else {
            return try model.encode(x, text: text, maskTemporal: maskTemporal, progress: share?.add).latent
        }
        return try Self.blend(rows: rows, columns: columns, outputScale: 1) { rowRange, columnRange in
            try model.encode(pixelTile(of: x, rowRange, columnRange), text: text, maskTemporal: maskTemporal,
                             progress: share?.add).latent
        }
    }

    private func decode(_ z: Tensor, text: TextCondition?, maskTemporal: Bool, share: WorkShare?) throws -> Tensor {
        guard let (rows, columns) = try layouts(latentHeight: z.shape[3], latentWidth: z.shape[4]) else {
            return try model.decode(z, text: text, maskTemporal: maskTemporal, progress: share?.add)
        }
        return try Self.blend(rows: rows, columns: columns, outputScale: scale) { rowRange, columnRange in
            try model.decode(try z.slice(axis: 3, rowRange).slice(axis: 4, columnRange), text: text,
                             maskTemporal: maskTemporal, progress: share?.add)
        }
    }

    /// The pixels under the latent tile `rows × columns`.
    private func pixelTile(of x: Tensor, _ rows: Range<Int>, _ columns: Range<Int>) throws -> Tensor {
        try x.slice(axis: 3, (rows.lowerBound * scale)..<(rows.upperBound * scale))
            .slice(axis: 4, (columns.lowerBound * scale)..<(columns.upperBound * scale))
    }

    /// The model's work for `encode(x)` on `x` of `shape`, over every tile; the plan ends with the latent's shape.
    public func encodeWork(_ shape: [Int], text: TextCondition?, maskTemporal: Bool) throws -> (total: Double, outputShape: [Int]) {
        let whole = try model.encodeWork(shape, text: text, maskTemporal: maskTemporal)
        guard let (rows, columns) = try layouts(latentHeight: shape[3] / scale, latentWidth: shape[4] / scale) else {
            return (whole.total, whole.outputShape)
        }
        let total = try tileShapes(rows, columns, shape, scale: scale).reduce(0) {
            $0 + (try model.encodeWork($1, text: text, maskTemporal: maskTemporal).total)
        }
        return (total, whole.outputShape)
    }

    /// The model's work for `decode(z)` on `z` of `shape`, over every tile.
    public func decodeWork(_ shape: [Int], text: TextCondition?, maskTemporal: Bool) throws -> Double {
        guard let (rows, columns) = try layouts(latentHeight: shape[3], latentWidth: shape[4]) else {
            return try model.decodeWork(shape, text: text, maskTemporal: maskTemporal).total
        }
        return try tileShapes(rows, columns, shape, scale: 1).reduce(0) {
            $0 + (try model.decodeWork($1, text: text, maskTemporal: maskTemporal).total)
        }
    }

    /// The shape of each tile of a tensor of `shape`, tile ranges in latent units times `scale`.
    private func tileShapes(_ rows: TileLayout, _ columns: TileLayout, _ shape: [Int], scale: Int) -> [[Int]] {
        rows.tiles.flatMap { row in
            columns.tiles.map { column in [shape[0], shape[1], shape[2], row.count * scale, column.count * scale] }
        }
    }

    /// Runs `body` on every tile (ranges in latent units) and sums its outputs, each weighted by the product of its
    /// row and column blend weights at `outputScale` output positions per latent position.
    public static func blend(rows: TileLayout, columns: TileLayout, outputScale: Int,
                       _ body: (Range<Int>, Range<Int>) throws -> Tensor) throws -> Tensor {
        let rowWeights = rows.weights(scale: outputScale)
        let columnWeights = columns.weights(scale: outputScale)
        let (height, width) = (rows.length * outputScale, columns.length * outputScale)
        var sum: [Float] = []
        var planes = 0
        var shape: [Int] = []
        for (rowIndex, rowRange) in rows.tiles.enumerated() {
            for (columnIndex, columnRange) in columns.tiles.enumerated() {
                let piece = try body(rowRange, columnRange)
                let (tileHeight, tileWidth) = (rowRange.count * outputScale, columnRange.count * outputScale)
                guard piece.rank == 5, piece.shape[3] == tileHeight, piece.shape[4] == tileWidth else {
                    throw TensorError(operation: "tiled blend", message: "a \(tileHeight)×\(tileWidth) tile came out as \(piece.shape)")
                }
                if sum.isEmpty {
                    shape = [piece.shape[0], piece.shape[1], piece.shape[2], height, width]
                    planes = piece.shape[0] * piece.shape[1] * piece.shape[2]
                    sum = [Float](repeating: 0, count: planes * height * width)
                } else if Array(piece.shape[0..<3]) != Array(shape[0..<3]) {
                    throw TensorError(operation: "tiled blend", message: "tiles disagree: \(piece.shape) after \(shape)")
                }
                let (top, left) = (rowRange.lowerBound * outputScale, columnRange.lowerBound * outputScale)
                let (wy, wx) = (rowWeights[rowIndex], columnWeights[columnIndex])
                let values = piece.scalars
                for plane in 0..<planes {
                    for y in 0..<tileHeight {
                        let source = (plane * tileHeight + y) * tileWidth
                        let target = (plane * height + top + y) * width + left
                        for x in 0..<tileWidth { sum[target + x] += wy[y] * wx[x] * values[source + x] }
                    }
                }
            }
        }
        return try Tensor(shape: shape, scalars: sum)
    }
}

/// The share of one call done so far: the model's steps add their work, `report` hears the running share.
final class WorkShare {
    private let total: Double
    private let report: (Double) -> Void
    private var done = 0.0

    init(total: Double, report: @escaping (Double) -> Void) {
        self.total = total
        self.report = report
    }

    func add(_ work: Double) {
        done += work
        if total > 0 { report(min(done / total, 1)) }
    }

    /// The call is over: whatever the plan said, it is all done.
    func finish() { report(1) }
}
