import Testing
@testable import VVAERuntime

/// The runtime's own parallel loops split work by thread count; per-element results must not depend on the split.
/// Inputs here are large enough to take the multi-threaded path (the recorded fixtures are mostly too small).
@Suite(.serialized) struct ParallelSplitTests {
    private func pseudoRandom(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var state = seed
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values[i] = Float(Int64(bitPattern: state >> 11) % 2_000_001 - 1_000_000) / 250_000
        }
        return try Tensor(shape: shape, scalars: values)
    }

    private func withThreads<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        let previous = BLAS.threadCount
        BLAS.setThreadCount(count)
        defer { BLAS.setThreadCount(previous) }
        return try body()
    }

    @Test func threadCountIsSettable() {
        withThreads(1) { #expect(BLAS.threadCount == 1) }
    }

    @Test func singleAndMultiThreadedAgree() throws {
        let x = try pseudoRandom([1, 64, 4, 24, 24], seed: 7)
        let norm = try GroupNorm(groups: 32, channels: 64, eps: 1e-6, weight: nil, bias: nil)
        let conv = try Conv3d(weight: try pseudoRandom([16, 64, 3, 3, 3], seed: 8), bias: nil,
                              padding: Padding3d(tBefore: 1, tAfter: 0, hBefore: 1, hAfter: 1, wBefore: 1, wAfter: 1),
                              paddingMode: .replicate)
        // 576 positions per frame: the per-frame column path (`FrameColumns`).
        let wide = try pseudoRandom([1, 8, 5, 24, 24], seed: 10)
        let frameConv = try Conv3d(weight: try pseudoRandom([16, 8, 3, 3, 3], seed: 11), bias: nil,
                                   padding: Padding3d(symmetric: Size3(all: 1)))
        let convT = try ConvTranspose3d(weight: try pseudoRandom([64, 8, 3, 3, 3], seed: 9), bias: nil,
                                        stride: Size3(2, 1, 1), padding: Size3(all: 1), outputPadding: Size3(1, 0, 0))
        func all() throws -> [Tensor] {
            [try norm(x, fusingSiLU: true), try x.softmax(axis: 2), try x.pixelsToSequences(),
             try x.padded(Padding3d(symmetric: Size3(1, 2, 2)), mode: .replicate), try x.upsampledNearest2xHW(),
             try conv(x), try convT(x), try frameConv(wide)]
        }
        let single = try withThreads(1) { try all() }
        let multi = try withThreads(2) { try all() }
        for (a, b) in zip(single, multi) { #expect(a == b, "\(a.shape) differs between 1 and 2 threads") }
    }
}
