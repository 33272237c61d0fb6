extension Tensor {
    /// Batched matrix product `alpha · op(a) · op(b)` for `[B, M, K] × [B, K, N] → [B, M, N]` (one `sgemm` per
    /// batch entry). With `transposeA`, `a` is stored `[B, K, M]`; with `transposeB`, `b` is stored `[B, N, K]`.
    public static func batchedMatmul(
        _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1
    ) throws -> Tensor {
        guard a.rank == 3, b.rank == 3, a.shape[0] == b.shape[0] else {
            throw TensorError(operation: "batchedMatmul",
                              message: "need [B, M, K] and [B, K, N] with equal B, got \(a.shape) and \(b.shape)")
        }
        let batch = a.shape[0]
        let m = transposeA ? a.shape[2] : a.shape[1]
        let k = transposeA ? a.shape[1] : a.shape[2]
        let kB = transposeB ? b.shape[2] : b.shape[1]
        let n = transposeB ? b.shape[1] : b.shape[2]
        guard k == kB else {
            throw TensorError(operation: "batchedMatmul",
                              message: "inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") × \(b.shape)\(transposeB ? "ᵀ" : "")")
        }
        return Tensor(validatedShape: [batch, m, n]) { output in
            guard let out = output.baseAddress else { return }
            if k == 0 {
                out.initialize(repeating: 0, count: batch * m * n)
                return
            }
            a.withUnsafeBufferPointer { aBuffer in
                b.withUnsafeBufferPointer { bBuffer in
                    guard let pa = aBuffer.baseAddress, let pb = bBuffer.baseAddress else {
                        out.initialize(repeating: 0, count: batch * m * n)
                        return
                    }
                    for index in 0..<batch {
                        BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                                   a: pa + index * m * k, lda: transposeA ? m : k,
                                   b: pb + index * k * n, ldb: transposeB ? k : n,
                                   beta: 0, c: out + index * m * n, ldc: n)
                    }
                }
            }
        }
    }
}
