/// How one spatial axis is cut into overlapping tiles, and how the tiles' outputs are blended back.
///
/// Positions are in latent units (pixels / the model's spatial compression), so the same layout serves the pixel
/// side and the latent side exactly. Tiles start every `tile - overlap`; the last one is shifted back to end at the
/// axis's end so every tile has full size (its overlap with the one before then grows). An axis no longer than a
/// tile is one tile: it is not cut at all.
public struct TileLayout: Equatable {
    public let length: Int
    public let tiles: [Range<Int>]

    /// Throws `TilingRefusal` unless `length` and `tile` are positive and `0 ≤ overlap < tile`.
    public init(length: Int, tile: Int, overlap: Int) throws {
        guard length > 0, tile > 0, overlap >= 0, overlap < tile else {
            throw TilingRefusal(description: "tiles of \(tile) with overlap \(overlap) cannot cover \(length) positions: "
                                + "the tile and the length must be positive, the overlap at least 0 and below the tile")
        }
        self.length = length
        guard length > tile else {
            tiles = [0..<length]
            return
        }
        var starts = Array(stride(from: 0, to: length - tile, by: tile - overlap))
        starts.append(length - tile)
        tiles = starts.map { $0..<($0 + tile) }
    }

    public var isSingleTile: Bool { tiles.count == 1 }

    /// For each tile, the weight of each of its positions at `scale` output units per layout unit (1 for latents,
    /// the spatial compression for pixels). A tile's weight ramps linearly across its overlap with each neighbour;
    /// the weights of all tiles are then normalised so they sum to 1 at every position (they already do where only
    /// two tiles meet; a shifted last tile can reach back into a third). Outside overlaps a tile has weight 1.
    public func weights(scale: Int) -> [[Float]] {
        let raw = tiles.indices.map { index -> [Double] in
            let tile = tiles[index]
            let before = index > 0 ? max(0, tiles[index - 1].upperBound - tile.lowerBound) * scale : 0
            let after = index + 1 < tiles.count ? max(0, tile.upperBound - tiles[index + 1].lowerBound) * scale : 0
            let size = tile.count * scale
            return (0..<size).map { offset in
                let center = Double(offset) + 0.5
                let rising = before > 0 ? center / Double(before) : 1
                let falling = after > 0 ? (Double(size) - center) / Double(after) : 1
                return min(1, rising, falling)
            }
        }
        var total = [Double](repeating: 0, count: length * scale)
        for (tile, values) in zip(tiles, raw) {
            for (offset, value) in values.enumerated() { total[tile.lowerBound * scale + offset] += value }
        }
        return zip(tiles, raw).map { tile, values in
            values.enumerated().map { offset, value in Float(value / total[tile.lowerBound * scale + offset]) }
        }
    }
}
