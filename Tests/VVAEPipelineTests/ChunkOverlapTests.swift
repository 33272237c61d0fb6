import Foundation
import Testing
import TestSupport
import VideoIO
import VVAERuntime
@testable import VVAEPipeline

/// `--chunk-overlap`: the plan, and the linear blend of the shared frames.
struct ChunkOverlapTests {
    @Test func overlappingChunksStepByChunkMinusOverlapUntilOneReachesTheEnd() throws {
        let plan = try ChunkPlan(frameCount: 18, chunkFrames: 8, temporalMultiple: 4, overlap: 4)
        #expect(plan.paddedFrameCount == 20)
        #expect(plan.chunks == [0..<8, 4..<12, 8..<16, 12..<20])
        #expect((0..<4).map(plan.freshFrames(of:)) == [8, 4, 4, 2])
        #expect(plan.latentFrames(temporal: 4) == 8)
        // No overlap is upstream's plan, whatever the default.
        #expect(try ChunkPlan(frameCount: 18, chunkFrames: 8, temporalMultiple: 4, overlap: 0)
                == ChunkPlan(frameCount: 18, chunkFrames: 8, temporalMultiple: 4))
        #expect(try ChunkPlan(frameCount: 8, chunkFrames: 16, temporalMultiple: 4, overlap: 8).chunks == [0..<8])
    }

    @Test(arguments: [6, 8, 12, -4])
    func anOverlapThatIsNotAMultipleOrNotBelowTheChunkIsRefused(overlap: Int) {
        do {
            _ = try ChunkPlan(frameCount: 20, chunkFrames: 8, temporalMultiple: 4, overlap: overlap)
            Issue.record("overlap \(overlap) accepted")
        } catch let refusal as ChunkPlan.Refusal {
            #expect(refusal.aboutOverlap && !refusal.aboutChunks, "\(refusal)")
        } catch {
            Issue.record("\(error)")
        }
    }

    /// Each chunk's "model" adds its index: outside the overlaps a frame is the clip plus that index; in an overlap
    /// of 4 frames it fades from one index to the next with weights 1/8, 3/8, 5/8, 7/8; every real frame comes out
    /// once, in order.
    @Test func sharedFramesFadeLinearlyFromOneChunkIntoTheNext() throws {
        let directory = try FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (frames, plane) = (18, 2 * 3)
        let x = try Tensor(shape: [1, 3, frames, 2, 3], scalars: (0..<(3 * frames * plane)).map { Float($0 % 7) / 8 })
        let plan = try ChunkPlan(frameCount: frames, chunkFrames: 8, temporalMultiple: 4, overlap: 4)
        var source = TensorChunkSource(clip: x, plan: plan, spatialMultiple: 1)
        let path = directory.appendingPathComponent("blend.npy").path
        let sink = try VideoSink(path: path, spatial: source.spatial, frameRate: .oneFramePerSecond, audioSource: nil,
                                 codec: "libx264", crf: 15, overwrite: false, tools: nil)
        var blender = ChunkBlender(sink, plan: plan)
        try ChunkLoop.run(from: &source, into: &blender) { chunk in
            try Tensor(shape: chunk.tensor.shape, scalars: chunk.tensor.scalars.map { $0 + Float(chunk.index) })
        }
        _ = try blender.inner.finish()
        let y = try Npy.read(at: URL(fileURLWithPath: path))
        #expect(y.shape == x.shape)
        // Chunk k covers 4k..<4k+8; frames 4k+4..<4k+8 are shared with chunk k+1.
        func expectedOffset(_ t: Int) -> Double {
            if t < 4 { return 0 }
            let k = t / 4 - 1  // the earlier of the two chunks sharing frame t
            guard k + 1 < plan.chunks.count else { return Double(k) }
            let weight = (Double(t - 4 * (k + 1)) + 0.5) / 4
            return Double(k) * (1 - weight) + Double(k + 1) * weight
        }
        var worst = 0.0
        for c in 0..<3 {
            for t in 0..<frames {
                for p in 0..<plane {
                    let index = (c * frames + t) * plane + p
                    worst = max(worst, abs(Double(y.scalars[index]) - Double(x.scalars[index]) - expectedOffset(t)))
                }
            }
        }
        #expect(worst < 1e-6, "largest difference \(worst)")
    }

    /// A latent made with an overlap holds every chunk's latent frames; the source hands them back chunk by chunk.
    @Test func overlappingLatentsAreCutBackPerChunk() throws {
        let plan = try ChunkPlan(frameCount: 12, chunkFrames: 8, temporalMultiple: 4, overlap: 4)
        let z = try Tensor(shape: [1, 1, plan.latentFrames(temporal: 4), 1, 1], scalars: (0..<4).map(Float.init))
        var source = LatentChunkSource(latent: z, plan: plan, temporal: 4)
        var pieces: [[Float]] = []
        while let chunk = try source.next() { pieces.append(chunk.tensor.scalars) }
        #expect(pieces == [[0, 1], [2, 3]])
    }
}
