import Testing
import VVAERuntime
@testable import VVAEPipeline

/// The tile layout and its blend weights: every position covered, full-size tiles, weights in [0, 1] summing to 1.
struct TileLayoutTests {
    /// Sums, per output position, the weights of the tiles covering it; checks each weight's range on the way.
    private func weightSums(_ layout: TileLayout, scale: Int) -> [Float] {
        var sums = [Float](repeating: 0, count: layout.length * scale)
        let weights = layout.weights(scale: scale)
        #expect(weights.count == layout.tiles.count)
        for (tile, values) in zip(layout.tiles, weights) {
            #expect(values.count == tile.count * scale)
            for (offset, value) in values.enumerated() {
                #expect(value >= 0 && value <= 1, "weight \(value) at \(offset) of tile \(tile)")
                sums[tile.lowerBound * scale + offset] += value
            }
        }
        return sums
    }

    @Test func anAxisNoLongerThanATileIsNotCut() throws {
        #expect(try TileLayout(length: 40, tile: 64, overlap: 8).tiles == [0..<40])
        #expect(try TileLayout(length: 64, tile: 64, overlap: 8).tiles == [0..<64])
        #expect(try TileLayout(length: 64, tile: 64, overlap: 8).weights(scale: 8) == [[Float](repeating: 1, count: 512)])
    }

    @Test(arguments: [(0, 32, 4), (60, 0, 0), (60, 32, -1), (60, 32, 32)])
    func impossibleLayoutsAreRefusedNotTrapped(length: Int, tile: Int, overlap: Int) {
        #expect(throws: TilingRefusal.self) { _ = try TileLayout(length: length, tile: tile, overlap: overlap) }
    }

    @Test func tilesStepByTileMinusOverlapAndTheLastIsShiftedBackToFullSize() throws {
        // 1080p with 256-pixel tiles and 32 overlap, in latent units of a spatial factor 8: 135 rows, tiles of 32, overlap 4.
        let rows = try TileLayout(length: 135, tile: 32, overlap: 4)
        #expect(rows.tiles == [0..<32, 28..<60, 56..<88, 84..<116, 103..<135])
        let columns = try TileLayout(length: 240, tile: 32, overlap: 4)
        #expect(columns.tiles.allSatisfy { $0.count == 32 })
        #expect(columns.tiles.first?.lowerBound == 0 && columns.tiles.last?.upperBound == 240)
        // An exact fit needs no shift.
        #expect(try TileLayout(length: 60, tile: 32, overlap: 4).tiles == [0..<32, 28..<60])
    }

    @Test func weightsCoverEveryPositionAndSumToOne() throws {
        let cases = [(135, 32, 4), (240, 32, 4), (60, 32, 4), (62, 32, 4), (33, 32, 0), (100, 16, 15), (500, 64, 8)]
        for (length, tile, overlap) in cases {
            for scale in [1, 2, 8] {
                let layout = try TileLayout(length: length, tile: tile, overlap: overlap)
                let sums = weightSums(layout, scale: scale)
                let worst = sums.map { abs($0 - 1) }.max() ?? 1
                #expect(worst <= 1e-6, "length \(length), tile \(tile), overlap \(overlap), scale \(scale): off by \(worst)")
            }
        }
    }

    @Test func twoTilesMeetInALinearRampAcrossTheOverlap() throws {
        // Tiles [0, 32) and [28, 60) overlap over latent 28..<32 = pixels 56..<64 at scale 2.
        let layout = try TileLayout(length: 60, tile: 32, overlap: 4)
        let weights = layout.weights(scale: 2)
        for pixel in 0..<56 { #expect(weights[0][pixel] == 1) }
        for step in 0..<8 {
            let rising = weights[1][step]
            #expect(abs(rising - (Float(step) + 0.5) / 8) <= 1e-6, "step \(step): \(rising)")
            #expect(abs(weights[0][56 + step] - (1 - rising)) <= 1e-6)
        }
        for pixel in 8..<64 { #expect(weights[1][pixel] == 1) }
    }

    @Test func aShiftedLastTileReachingIntoAThirdStillSumsToOne() throws {
        // Tiles [0, 32), [28, 60), [30, 62): the last tile also overlaps the first over 30..<32.
        let layout = try TileLayout(length: 62, tile: 32, overlap: 4)
        #expect(layout.tiles == [0..<32, 28..<60, 30..<62])
        let sums = weightSums(layout, scale: 1)
        #expect(sums.allSatisfy { abs($0 - 1) <= 1e-6 })
    }
}

/// The stitching itself: tiles cut from one tensor and blended back give that tensor (the weights sum to 1 and
/// every tile lands where it was cut), at the latent scale and at a pixel scale.
struct TileBlendTests {
    private func pattern(height: Int, width: Int) throws -> Tensor {
        let count = 2 * 3 * height * width
        return try Tensor(shape: [1, 2, 3, height, width], scalars: (0..<count).map { Float(($0 * 7919) % 1013) / 101 - 5 })
    }

    @Test func blendingTilesCutFromATensorGivesTheTensorBack() throws {
        for (scale, tile, overlap) in [(1, 16, 4), (8, 4, 1), (2, 10, 3)] {
            let rows = try TileLayout(length: 37, tile: tile, overlap: overlap)
            let columns = try TileLayout(length: 23, tile: tile, overlap: overlap)
            let whole = try pattern(height: 37 * scale, width: 23 * scale)
            let blended = try TiledCoder.blend(rows: rows, columns: columns, outputScale: scale) { r, c in
                try whole.slice(axis: 3, (r.lowerBound * scale)..<(r.upperBound * scale))
                    .slice(axis: 4, (c.lowerBound * scale)..<(c.upperBound * scale))
            }
            #expect(blended.shape == whole.shape)
            let worst = zip(blended.scalars, whole.scalars).map { abs($0 - $1) }.max() ?? 1
            // Values up to 5 in magnitude, a weighted sum of a few copies: a few float32 ulps.
            #expect(worst <= 5e-6, "scale \(scale), tile \(tile), overlap \(overlap): off by \(worst)")
        }
    }
}
