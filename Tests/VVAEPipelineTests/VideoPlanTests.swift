import Testing
import VVAERuntime
@testable import VVAEPipeline

struct VideoPlanTests {
    @Test func framesArePaddedToTheTemporalMultipleThenChunked() throws {
        let plan = try ChunkPlan(frameCount: 10, chunkFrames: 8, temporalMultiple: 4)
        #expect(plan.paddedFrameCount == 12)
        #expect(plan.paddingFrames == 2)
        #expect(plan.chunks == [0..<8, 8..<12])
        #expect(try ChunkPlan(frameCount: 16, chunkFrames: 16, temporalMultiple: 4).chunks == [0..<16])
        #expect(try ChunkPlan(frameCount: 1, chunkFrames: 16, temporalMultiple: 4).chunks == [0..<4])
    }

    /// Numbers from flags and latent files are untrusted: a bad one is a typed refusal, never a trap.
    @Test func impossiblePlansAreRefused() {
        for (frames, chunk, multiple, aboutChunks) in [(10, 6, 4, true), (10, 0, 4, true), (10, -8, 4, true), (10, 4, 8, true),
                                                      (0, 16, 4, false), (-1, 16, 4, false), (Int.max, 16, 4, false)] {
            do {
                _ = try ChunkPlan(frameCount: frames, chunkFrames: chunk, temporalMultiple: multiple)
                Issue.record("\(frames) frames in chunks of \(chunk) (multiple \(multiple)) accepted")
            } catch let refusal as ChunkPlan.Refusal {
                #expect(refusal.aboutChunks == aboutChunks, "\(refusal)")
            } catch {
                Issue.record("\(error)")
            }
        }
        #expect(throws: ChunkPlan.Refusal.self) { try ChunkPlan(frameCount: 8, chunkFrames: 8, temporalMultiple: 0) }
    }

    @Test func sizesArePaddedToTheSpatialMultiple() {
        let plan = SpatialPlan(width: 90, height: 70, multiple: 8)
        #expect(plan.paddedWidth == 96 && plan.paddedHeight == 72)
        #expect(SpatialPlan(width: 64, height: 64, multiple: 8).paddedWidth == 64)
    }

    @Test func pixelsRoundTripThroughTheModelRange() throws {
        let plan = SpatialPlan(width: 3, height: 2, multiple: 4)
        let pixels: [UInt8] = (0..<18).map { UInt8($0 * 15) }
        let tensor = try FrameTensors.tensor(frames: [pixels], plan: plan)
        #expect(tensor.shape == [1, 3, 1, 4, 4])
        // (x/255 - 0.5)·2 for the red channel of pixel (0, 0); replicate padding copies the last column and row.
        #expect(tensor[0, 0, 0, 0, 0] == (Float(0) / 255 - 0.5) * 2)
        #expect(tensor[0, 1, 0, 0, 2] == tensor[0, 1, 0, 0, 3])
        #expect(tensor[0, 2, 0, 1, 1] == tensor[0, 2, 0, 3, 1])
        let back = FrameTensors.frames(from: tensor, plan: plan)
        // uint8(clamp((y+1)/2)·255) truncates, so a value may come back one lower, never higher.
        #expect(zip(back[0], pixels).allSatisfy { $0 == $1 || $0 + 1 == $1 })
    }

    @Test func outputIsClampedAndTruncatedLikeUpstream() throws {
        let plan = SpatialPlan(width: 1, height: 1, multiple: 1)
        let tensor = try Tensor(shape: [1, 3, 1, 1, 1], scalars: [-1.5, 1.5, 0])
        // 0 → 0.5·255 = 127.5 → 127 (truncation, as tensor.to(torch.uint8)).
        #expect(FrameTensors.frames(from: tensor, plan: plan) == [[0, 255, 127]])
    }
}
