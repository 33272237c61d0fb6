import VVAEPipeline
import Foundation
import Testing
import TestSupport
import VideoVAEConfig
@testable import VVAECommands

/// `--max-memory` strings and the tile the memory estimate picks for a budget.
struct TilingOptionsTests {
    @Test func memorySizesTakeBinarySuffixes() throws {
        #expect(try MemorySize.parse("4G") == 4 << 30)
        #expect(try MemorySize.parse("4GiB") == 4 << 30)
        #expect(try MemorySize.parse("2gb") == 2 << 30)
        #expect(try MemorySize.parse("512M") == 512 << 20)
        #expect(try MemorySize.parse("1.5G") == 3 << 29)
        #expect(try MemorySize.parse("800K") == 800 << 10)
        #expect(try MemorySize.parse("123456") == 123_456)
    }

    @Test func badMemorySizesAreRefusedWithTheOption() {
        for text in ["", "G", "4X", "-1G", "0", "abc", "1e3", "4 G B", "nanG", "99999999999T"] {
            #expect(throws: (any Error).self, "'\(text)'") { try MemorySize.parse(text) }
            do {
                _ = try MemorySize.parse(text)
            } catch {
                #expect("\(error)".contains("--max-memory"))
            }
        }
    }

    private func demoEstimate() throws -> TileMemoryEstimate {
        let yaml = try String(contentsOf: FixturePaths.fixture("demo/config.yaml"), encoding: .utf8)
        let config = try VideoVAEModelConfig(yamlText: yaml, sourceName: "demo/config.yaml")
        // The demo model's 4,492,068 parameters as float32.
        return TileMemoryEstimate(config: config, weightBytes: 4_492_068 * 4)
    }

    @Test func smallerBudgetsPickSmallerTilesThatFit() throws {
        let estimate = try demoEstimate()
        var previous = Int.max
        var picked: [Int] = []
        for gigabytes in [4.0, 2, 1, 0.75] {
            let budget = Int(gigabytes * Double(1 << 30))
            let tile = try #require(try estimate.largestTile(within: budget, frames: 4, frameHeight: 1080, frameWidth: 1920, overlap: 32))
            #expect(tile.tile % estimate.config.spatialCompression == 0 && tile.overlap == 32)
            #expect(tile.tile <= previous)
            let fits = estimate.peakBytes(frames: 4, frame: (1080, 1920), tile: (min(tile.tile, 1080), min(tile.tile, 1920)))
            #expect(fits <= budget)
            // The next larger tile would not fit: the pick is the largest.
            let larger = tile.tile + estimate.config.spatialCompression
            #expect(estimate.peakBytes(frames: 4, frame: (1080, 1920), tile: (min(larger, 1080), min(larger, 1920))) > budget)
            previous = tile.tile
            picked.append(tile.tile)
        }
        #expect(picked.first ?? 0 > picked.last ?? 0, "\(picked)")
    }

    @Test func aBudgetForTheWholeFrameMeansNoTilesAndATinyOneIsRefused() throws {
        let estimate = try demoEstimate()
        #expect(try estimate.largestTile(within: 64 << 30, frames: 4, frameHeight: 1080, frameWidth: 1920, overlap: 32) == nil)
        do {
            _ = try estimate.largestTile(within: 100 << 20, frames: 4, frameHeight: 1080, frameWidth: 1920, overlap: 32)
            Issue.record("100 MiB was accepted")
        } catch {
            #expect("\(error)".contains("too small"))
            #expect("\(error)".contains("64-pixel tiles"))
        }
    }

    @Test func theWidestActivationIsTheDecodersUpsampledFullResolutionOne() throws {
        let estimate = try demoEstimate()
        // ch 32, ch_mult [1, 2]: level 1's 64 channels are upsampled to full resolution before level 0's first block.
        #expect(estimate.widestActivation(frames: 4, height: 64, width: 32) == 64 * 4 * 64 * 32)
    }
}
