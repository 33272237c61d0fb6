import Testing
@testable import VVAERuntime

@Suite struct AttentionTests {
    /// Key padding mask shared by 3 consecutive batch entries, a mask value of 0.3 (counts as masked) and a fully
    /// masked row (uniform average, as PyTorch's masked_fill + softmax).
    @Test(arguments: [ScaledDotProductAttention.defaultLogitsBufferBytes, 4 * 7 * 3])
    func maskedQueryChunks(logitsBufferBytes: Int) throws {
        let fixture = OpFixture("attention_masked")
        let output = try ScaledDotProductAttention.apply(
            query: fixture.tensor("q"), key: fixture.tensor("k"), value: fixture.tensor("v"),
            scale: 1 / Float(8).squareRoot(), keyMask: fixture.tensor("mask"), logitsBufferBytes: logitsBufferBytes)
        try fixture.expectMatchesReference(output)
    }

    @Test(arguments: [ScaledDotProductAttention.defaultLogitsBufferBytes, 4 * 33 * 5])
    func unmasked(logitsBufferBytes: Int) throws {
        let fixture = OpFixture("attention_plain")
        let output = try ScaledDotProductAttention.apply(
            query: fixture.tensor("q"), key: fixture.tensor("k"), value: fixture.tensor("v"),
            scale: 0.25, logitsBufferBytes: logitsBufferBytes)
        try fixture.expectMatchesReference(output)
    }

    @Test func rejectsMismatchedShapes() throws {
        let q = try Tensor(zeros: [2, 3, 4])
        #expect(throws: TensorError.self) {
            _ = try ScaledDotProductAttention.apply(query: q, key: Tensor(zeros: [2, 5, 3]), value: Tensor(zeros: [2, 5, 1]), scale: 1)
        }
        #expect(throws: TensorError.self) {
            _ = try ScaledDotProductAttention.apply(query: q, key: Tensor(zeros: [2, 5, 4]), value: Tensor(zeros: [2, 5, 1]),
                                                    scale: 1, keyMask: Tensor(zeros: [3, 5]))
        }
    }
}
