import Testing
@testable import VVAERuntime

@Suite struct LinearTests {
    @Test func withBias() throws {
        let fixture = OpFixture("linear")
        let linear = try Linear(weight: fixture.tensor("weight"), bias: fixture.tensor("bias"))
        try fixture.expectMatchesReference(try linear(fixture.tensor("x")))
    }

    @Test func withoutBias() throws {
        let fixture = OpFixture("linear_nobias")
        let linear = try Linear(weight: fixture.tensor("weight"), bias: nil)
        try fixture.expectMatchesReference(try linear(fixture.tensor("x")))
    }
}

@Suite struct SoftmaxTests {
    @Test func lastAxis() throws {
        let fixture = OpFixture("softmax_last")
        try fixture.expectMatchesReference(try fixture.tensor("x").softmax(axis: -1))
    }

    /// Non-last axis (strided lines), logits up to ±100 and a fully masked position (-float32.max).
    @Test func middleAxisWithMaskedLogits() throws {
        let fixture = OpFixture("softmax_axis1")
        try fixture.expectMatchesReference(try fixture.tensor("x").softmax(axis: 1))
    }

    @Test func rejectsBadAxis() throws {
        #expect(throws: TensorError.self) { _ = try Tensor(zeros: [2, 3]).softmax(axis: 2) }
    }
}

@Suite struct BatchedMatmulTests {
    @Test func plain() throws {
        let fixture = OpFixture("bmm")
        try fixture.expectMatchesReference(try Tensor.batchedMatmul(fixture.tensor("a"), fixture.tensor("b")))
    }

    /// Transposed operands are the same product on transposed storage.
    @Test func transposedOperands() throws {
        let fixture = OpFixture("bmm")
        let aT = try fixture.tensor("a").permuted([0, 2, 1])
        let bT = try fixture.tensor("b").permuted([0, 2, 1])
        let output = try Tensor.batchedMatmul(aT, bT, transposeA: true, transposeB: true)
        try fixture.expectMatchesReference(output)
    }

    @Test func rejectsInnerMismatch() throws {
        #expect(throws: TensorError.self) {
            _ = try Tensor.batchedMatmul(Tensor(zeros: [1, 2, 3]), Tensor(zeros: [1, 4, 2]))
        }
    }
}
