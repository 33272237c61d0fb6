import Testing
@testable import VVAERuntime

@Suite struct GroupNormTests {
    private func run(_ name: String, eps: Double, affine: Bool, fusingSiLU: Bool = false) throws -> (OpFixture, Tensor) {
        let fixture = OpFixture(name)
        let x = try fixture.tensor("x")
        let norm = try GroupNorm(groups: 32, channels: x.shape[1], eps: eps,
                                 weight: affine ? fixture.tensor("weight") : nil,
                                 bias: affine ? fixture.tensor("bias") : nil)
        return (fixture, try norm(x, fusingSiLU: fusingSiLU))
    }

    @Test func eps1e6() throws {
        let (fixture, output) = try run("group_norm_g32_eps1e-6", eps: 1e-6, affine: true)
        try fixture.expectMatchesReference(output)
    }

    /// Small-variance input where eps 1e-5 vs 1e-6 changes the result visibly: catches a wrong eps.
    @Test func eps1e5() throws {
        let (fixture, output) = try run("group_norm_g32_eps1e-5", eps: 1e-5, affine: true)
        try fixture.expectMatchesReference(output)
        let (_, wrongEps) = try run("group_norm_g32_eps1e-5", eps: 1e-6, affine: true)
        let reference = try fixture.tensor("out_f32")
        let difference = zip(wrongEps.scalars, reference.scalars).map { abs($0 - $1) }.max() ?? 0
        #expect(difference > 1e-2, "eps must matter for this fixture (difference \(difference))")
    }

    /// Mean 300, spread 0.5: Double two-pass statistics keep the variance; k = 1 because we must not be worse
    /// than PyTorch here at all (its float32 statistics are the weak point this case exposes).
    @Test func largeOffsetWithoutAffine() throws {
        let (fixture, output) = try run("group_norm_g32_offset_noaffine", eps: 1e-6, affine: false)
        try fixture.expectMatchesReference(output, factor: 1)
    }

    /// Fused SiLU equals GroupNorm followed by SiLU exactly (same float ops per element).
    @Test func fusedSiLUEqualsSeparate() throws {
        let (_, fused) = try run("group_norm_g32_eps1e-6", eps: 1e-6, affine: true, fusingSiLU: true)
        let (_, plain) = try run("group_norm_g32_eps1e-6", eps: 1e-6, affine: true)
        #expect(fused == plain.silu())
    }

    @Test func rejectsBadGroupingAndShapes() throws {
        #expect(throws: TensorError.self) { _ = try GroupNorm(groups: 32, channels: 48, eps: 1e-6, weight: nil, bias: nil) }
        let norm = try GroupNorm(groups: 2, channels: 4, eps: 1e-6, weight: nil, bias: nil)
        #expect(throws: TensorError.self) { _ = try norm(Tensor(zeros: [1, 6, 2])) }
    }
}

@Suite struct LayerNormTests {
    @Test func lastDimension() throws {
        let fixture = OpFixture("layer_norm_last")
        let norm = try LayerNorm(features: 48, eps: 1e-5, weight: fixture.tensor("weight"), bias: fixture.tensor("bias"))
        try fixture.expectMatchesReference(try norm(fixture.tensor("x")))
    }

    @Test func rejectsWrongFeatureCount() throws {
        let norm = try LayerNorm(features: 4, weight: nil, bias: nil)
        #expect(throws: TensorError.self) { _ = try norm(Tensor(zeros: [2, 5])) }
    }
}

@Suite struct SiLUTests {
    /// Includes ±1000 and ±3e38 where a naive `x / (1 + exp(-x))` or `x * sigmoid` overflows to NaN/inf.
    @Test func largeMagnitudes() throws {
        let fixture = OpFixture("silu_large")
        let output = try fixture.tensor("x").silu()
        #expect(output.scalars.allSatisfy { $0.isFinite })
        try fixture.expectMatchesReference(output)
    }
}
