import VVAERuntime

/// The model run tile by tile over height and width (as diffusers' tiled VAE, with full-size edge tiles): encode
/// cuts overlapping pixel tiles, encodes each and blends the latents linearly across the overlap (in latent units,
/// overlap / spatial compression); decode cuts overlapping latent tiles, decodes each and blends the pixels.
/// Time is not tiled: each call gets one chunk of frames. When one tile covers the whole frame the model runs once,
/// untouched, so the result is bit-identical to untiled.
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
    public func encode(_ x: Tensor, text: TextCondition?, maskTemporal: Bool) throws -> Tensor {
        guard let (rows, columns) = try layouts(latentHeight: x.shape[3] / scale, latentWidth: x.shape[4] / scale) else {
            return try model.encode(x, text: text, maskTemporal: maskTemporal).latent
        }
        return try Self.blend(rows: rows, columns: columns, outputScale: 1) { rowRange, columnRange in
            let piece = try x.slice(axis: 3, (rowRange.lowerBound * scale)..<(rowRange.upperBound * scale))
                .slice(axis: 4, (columnRange.lowerBound * scale)..<(columnRange.upperBound * scale))
            return try model.encode(piece, text: text, maskTemporal: maskTemporal).latent
        }
    }

    /// Latent `[B, C, T', h, w]` → reconstruction `[B, 3, T, h·s, w·s]`.
    public func decode(_ z: Tensor, text: TextCondition?, maskTemporal: Bool) throws -> Tensor {
        guard let (rows, columns) = try layouts(latentHeight: z.shape[3], latentWidth: z.shape[4]) else {
            return try model.decode(z, text: text, maskTemporal: maskTemporal)
        }
        return try Self.blend(rows: rows, columns: columns, outputScale: scale) { rowRange, columnRange in
            try model.decode(try z.slice(axis: 3, rowRange).slice(axis: 4, columnRange), text: text, maskTemporal: maskTemporal)
        }
    }

    /// `x` through encode (posterior mode) and decode: a reconstruction of the same shape.
    public func reconstruct(_ x: Tensor, text: TextCondition?, maskTemporal: Bool = false) throws -> Tensor {
        try decode(try encode(x, text: text, maskTemporal: maskTemporal), text: text, maskTemporal: maskTemporal)
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
