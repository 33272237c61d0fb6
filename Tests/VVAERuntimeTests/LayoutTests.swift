import Testing
@testable import VVAERuntime

/// Data movement ops must reproduce PyTorch bit for bit.
@Suite struct LayoutTests {
    @Test func nearestUpsample2xHW() throws {
        let fixture = OpFixture("upsample_nearest_hw2")
        try fixture.expectExact(try fixture.tensor("x").upsampledNearest2xHW())
    }

    @Test func zeroPadRightBottom() throws {
        let fixture = OpFixture("pad_zero_asym")
        try fixture.expectExact(try fixture.tensor("x").padded(Padding3d(torchOrder: (0, 1, 0, 1, 0, 0)), mode: .zeros))
    }

    @Test func replicatePadAsymmetric() throws {
        let fixture = OpFixture("pad_replicate")
        try fixture.expectExact(try fixture.tensor("x").padded(Padding3d(torchOrder: (1, 2, 2, 1, 1, 0)),
                                                               mode: .replicate))
    }

    @Test func framesToTokensAndBack() throws {
        let fixture = OpFixture("permute_frames_to_tokens")
        let x = try fixture.tensor("x")
        let tokens = try x.framesToTokens()
        try fixture.expectExact(tokens)
        #expect(try tokens.tokensToFrames(batch: 2, height: 4, width: 6) == x)
    }

    @Test func pixelsToSequencesAndBack() throws {
        let fixture = OpFixture("permute_pixels_to_sequences")
        let x = try fixture.tensor("x")
        let sequences = try x.pixelsToSequences()
        try fixture.expectExact(sequences)
        #expect(try sequences.sequencesToPixels(batch: 2, height: 4, width: 6) == x)
    }

    @Test func patchesAndBack() throws {
        let fixture = OpFixture("permute_patches_p2")
        let x = try fixture.tensor("x")
        let patches = try x.framesToPatches(patchSize: 2)
        try fixture.expectExact(patches)
        #expect(try patches.patchesToFrames(batch: 2, height: 4, width: 6, patchSize: 2) == x)
    }

    @Test func sliceAndConcatenateRoundTrip() throws {
        let x = try OpFixture("permute_frames_to_tokens").tensor("x")  // [2, 3, 4, 4, 6]
        let early = try x.frames(0..<1)
        let late = try x.frames(1..<4)
        #expect(early.shape == [2, 3, 1, 4, 6])
        #expect(early[1, 2, 0, 3, 5] == x[1, 2, 0, 3, 5])
        #expect(late[1, 0, 2, 1, 4] == x[1, 0, 3, 1, 4])
        #expect(try Tensor.concatenate([early, late], axis: 2) == x)
        let first = try x.channels(0..<1)
        let rest = try x.channels(1..<3)
        #expect(rest[0, 1, 3, 2, 2] == x[0, 2, 3, 2, 2])
        #expect(try Tensor.concatenate([first, rest], axis: 1) == x)
        #expect(throws: TensorError.self) { _ = try x.frames(2..<5) }
        #expect(throws: TensorError.self) { _ = try Tensor.concatenate([early, first], axis: 2) }
    }

    @Test func permuteMatchesIndexing() throws {
        let x = try OpFixture("permute_frames_to_tokens").tensor("x")  // [2, 3, 4, 4, 6]
        let p = try x.permuted([4, 2, 0, 3, 1])
        #expect(p.shape == [6, 4, 2, 4, 3])
        for (a, b, c, d, e) in [(0, 0, 0, 0, 0), (5, 3, 1, 2, 2), (2, 1, 0, 3, 1), (4, 2, 1, 0, 0)] {
            #expect(p[a, b, c, d, e] == x[c, e, b, d, a])
        }
        #expect(throws: TensorError.self) { _ = try x.permuted([0, 1, 2, 3, 3]) }
    }

    @Test func repeatEachBatchEntry() throws {
        let x = try Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
        #expect(try x.repeatingEachBatchEntry(3).scalars == [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4])
    }

    @Test func elementwise() throws {
        var a = try Tensor(shape: [4], scalars: [1, -2, 3, 10])
        let b = try Tensor(shape: [4], scalars: [0.5, 0.5, -4, 1])
        try a.add(b)
        #expect(a.scalars == [1.5, -1.5, -1, 11])
        try a.multiply(by: b)
        #expect(a.scalars == [0.75, -0.75, 4, 11])
        a.scale(by: 2)
        a.clamp(to: -1...1)
        #expect(a.scalars == [1, -1, 1, 1])
        #expect(throws: TensorError.self) { try a.add(Tensor(zeros: [3])) }
    }

    @Test func reshapeValidates() throws {
        let x = try Tensor(zeros: [2, 3, 4])
        #expect(try x.reshaped([6, -1]).shape == [6, 4])
        #expect(throws: TensorError.self) { _ = try x.reshaped([5, 5]) }
        #expect(throws: TensorError.self) { _ = try Tensor(shape: [2, 2], scalars: [1, 2, 3]) }
        #expect(throws: TensorError.self) { _ = try Tensor(zeros: [2, -1]) }
    }
}
