import Foundation
import Testing
import TestSupport
import VideoIO
import VVAERuntime
@testable import VVAEPipeline

/// The one chunk loop and its sources and sinks, with the model replaced by plain tensor functions.
struct ChunkLoopTests {
    /// `[1, 3, frames, height, width]`, every value distinct and inside [-1, 1].
    private func clip(frames: Int, height: Int, width: Int) throws -> Tensor {
        let count = 3 * frames * height * width
        return try Tensor(shape: [1, 3, frames, height, width],
                          scalars: (0..<count).map { Float($0) / Float(count) * 2 - 1 })
    }

    @Test func aTensorClipIsCutPaddedInTimeAndSpaceAndChunked() throws {
        let x = try clip(frames: 10, height: 5, width: 7)
        let plan = try ChunkPlan(frameCount: 10, chunkFrames: 8, temporalMultiple: 4)
        var source = TensorChunkSource(clip: x, plan: plan, spatialMultiple: 4)
        let first = try #require(try source.next())
        let second = try #require(try source.next())
        #expect(try source.next() == nil)
        #expect(first.range == 0..<8 && first.realFrames == 8 && first.tensor.shape == [1, 3, 8, 8, 8])
        #expect(second.range == 8..<12 && second.realFrames == 2 && second.tensor.shape == [1, 3, 4, 8, 8])
        // Padding repeats the last frame in time and the last row and column in space.
        let last = try x.frames(9..<10).scalars
        for frame in 1..<4 {
            let padded = try second.tensor.frames(frame..<(frame + 1)).slice(axis: 3, 0..<5).slice(axis: 4, 0..<7)
            #expect(padded.scalars == last)
        }
        let edge = try second.tensor.frames(0..<1)
        #expect(try edge.slice(axis: 3, 7..<8).slice(axis: 4, 0..<7).scalars == edge.slice(axis: 3, 4..<5).slice(axis: 4, 0..<7).scalars)
    }

    /// Through the loop with an identity "model", a `.npy` sink gives back exactly the clip: every real frame once,
    /// in order, padding dropped, size restored.
    @Test func identityThroughTheLoopGivesTheClipBack() throws {
        let directory = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let x = try clip(frames: 10, height: 5, width: 7)
        let plan = try ChunkPlan(frameCount: 10, chunkFrames: 4, temporalMultiple: 4)
        var source = TensorChunkSource(clip: x, plan: plan, spatialMultiple: 8)
        let path = directory.appendingPathComponent("out.npy").path
        var sink = try VideoSink(path: path, spatial: source.spatial, frameRate: try #require(FrameRate(numerator: 1, denominator: 1)),
                                 audioSource: nil, codec: "libx264", crf: 15, overwrite: false, tools: nil)
        var seen: [Int] = []
        try ChunkLoop.run(from: &source, into: &sink) { $0.tensor } after: { chunk, _ in seen.append(chunk.index) }
        _ = try sink.finish()
        #expect(seen == [0, 1, 2])
        let y = try Npy.read(at: URL(fileURLWithPath: path))
        #expect(y.shape == x.shape)
        #expect(y.scalars == x.scalars)
    }

    @Test func aLatentIsCutBackIntoItsChunksAndCollectedWhole() throws {
        let z = try clip(frames: 3, height: 2, width: 2)
        let plan = try ChunkPlan(frameCount: 10, chunkFrames: 8, temporalMultiple: 4)
        var source = LatentChunkSource(latent: z, plan: plan, temporal: 4)
        var collector = LatentCollector()
        var ranges: [Range<Int>] = []
        try ChunkLoop.run(from: &source, into: &collector) { chunk in
            ranges.append(chunk.range)
            return chunk.tensor
        }
        #expect(ranges == [0..<8, 8..<12])
        #expect(collector.pieces.map { $0.shape[2] } == [2, 1])
        #expect(try collector.latent().scalars == z.scalars)
    }
}
