import Foundation
import Testing
import TestSupport
import VideoVAEConfig
import VVAERuntime
import WeightConversion
@testable import VVAEPipeline

/// Progress inside a chunk: the coder reports the share of a call done as the model's steps end (tiles and both
/// halves of a reconstruction weighed by their work), and `FrameProgress` turns shares into frames of the clip.
struct FrameProgressTests {
    /// The tiny16z fixture model, converted once for these tests.
    static let model = Result { () throws -> VideoVAEModel in
        let folder = FixturePaths.fixture("models/tiny16z")
        let output = try FixturePaths.temporaryDirectory("vvae-progress").appendingPathComponent("tiny16z.h5").path
        try WeightConverter(options: .init(toolVersion: "vvae tests")).convert(
            checkpointPath: folder.appendingPathComponent("tiny16z.ckpt").path, outputPath: output,
            candidates: [ModelCandidate(config: try VideoVAEModelConfig(contentsOf: folder.appendingPathComponent("config.yaml")),
                                        name: "config.yaml")])
        return try VideoVAEModel(weightsAt: output)
    }

    private func clip(frames: Int, height: Int, width: Int) throws -> Tensor {
        let count = 3 * frames * height * width
        return try Tensor(shape: [1, 3, frames, height, width], scalars: (0..<count).map { Float(($0 * 37) % 101) / 50 - 1 })
    }

    /// Shares rise step by step from above 0 to exactly 1, many times per call, and listening changes no bit.
    @Test(arguments: [nil, TileSize(tile: 16, overlap: 4)])
    func sharesRiseThroughTheCallAndEndAtOne(tiling: TileSize?) throws {
        let coder = TiledCoder(model: try Self.model.get(), tiling: tiling)
        let x = try clip(frames: 8, height: 24, width: 32)
        var shares: [Double] = []
        let y = try coder.reconstruct(x, text: nil) { shares.append($0) }
        #expect(shares.last == 1)
        #expect(zip(shares, shares.dropFirst()).allSatisfy { $0 <= $1 }, "\(shares)")
        #expect((shares.first ?? 1) > 0 && (shares.first ?? 1) < 0.1)
        // Every step of the encoder and the decoder is heard, in every tile (16-pixel tiles: at least two per row).
        let steps = try coder.model.encodeWork([1, 3, 8, 16, 16]).steps.count + coder.model.decodeWork([1, 16, 2, 8, 8]).steps.count
        #expect(shares.count >= (tiling == nil ? 1 : 2) * steps, "\(shares.count) shares, \(steps) steps")
        #expect(try coder.reconstruct(x, text: nil) == y)

        // Halfway through the work, the encoder is done: it is the lighter half of this model.
        let encoded = try coder.encodeWork(x.shape, text: nil, maskTemporal: false)
        let decoding = try coder.decodeWork(encoded.outputShape, text: nil, maskTemporal: false)
        #expect(encoded.total > 0 && decoding > encoded.total)
        let afterEncoding = encoded.total / (encoded.total + decoding)
        #expect(shares.contains { abs($0 - afterEncoding) < 1e-9 }, "no share at the end of the encoder, \(afterEncoding)")
    }

    @Test func tilesAddUpTheirOwnWork() throws {
        let model = try Self.model.get()
        let x = [1, 3, 8, 24, 32]
        let whole = try TiledCoder(model: model, tiling: nil).encodeWork(x, text: nil, maskTemporal: false)
        let tiled = try TiledCoder(model: model, tiling: TileSize(tile: 16, overlap: 4)).encodeWork(x, text: nil, maskTemporal: false)
        #expect(tiled.outputShape == whole.outputShape)
        // Overlapping tiles cover more pixels than the frame: 6 tiles of 16×16 (2×3, overlapping) against 24×32.
        #expect(tiled.total > whole.total && tiled.total < 2 * whole.total, "\(tiled.total / whole.total)")
    }

    /// Frames of each chunk are its fresh ones (an overlap is counted once), spread over the chunk's share.
    @Test func framesRiseWithinEachChunkAndCountWholeAtItsEnd() throws {
        let plan = try ChunkPlan(frameCount: 20, chunkFrames: 8, temporalMultiple: 4, overlap: 4)
        var heard: [Double] = []
        let progress = FrameProgress(plan: plan) { heard.append($0) }
        let tensor = try Tensor(shape: [1], scalars: [0])
        for (index, range) in plan.chunks.enumerated() {
            let chunk = FrameChunk(index: index, range: range, realFrames: range.count, tensor: tensor)
            let within = try #require(progress.within(chunk))
            within(0.5)
            within(1)
            progress.finished(chunk)
        }
        let fresh = plan.chunks.indices.map { plan.freshFrames(of: $0) }
        var expected: [Double] = []
        var done = 0.0
        for count in fresh {
            expected += [done + Double(count) / 2, done + Double(count), done + Double(count)]
            done += Double(count)
        }
        #expect(heard == expected)
        #expect(heard.last == 20)

        // Nobody listening: the model gets no closure, so it plans nothing.
        let silent = FrameProgress(plan: plan, report: nil)
        #expect(silent.within(FrameChunk(index: 0, range: plan.chunks[0], realFrames: 8, tensor: tensor)) == nil)
    }
}
