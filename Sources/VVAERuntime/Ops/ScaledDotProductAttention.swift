/// `softmax(scale · Q·Kᵀ + mask) · V` over `[N, L, D]` token tensors, processing queries in chunks so the
/// logits buffer stays bounded (full-resolution spatial attention would otherwise need `L²` floats per frame).
public enum ScaledDotProductAttention {
    /// The default bound on one chunk's logits (`chunk · Lk` floats).
    public static let defaultLogitsBufferBytes = 64 << 20

    /// - Parameters:
    ///   - query: `[N, Lq, D]`; `key`: `[N, Lk, D]`; `value`: `[N, Lk, Dv]`.
    ///   - keyMask: optional `[M, Lk]` with `N % M == 0`; batch entry `n` uses row `n / (N / M)` (the upstream
    ///     repeats one text mask over frames and heads). Keys whose mask value is ≤ 0.5 get logit
    ///     `-Float.greatestFiniteMagnitude`, exactly as PyTorch's `masked_fill(-finfo.max)`.
    /// - Returns: `[N, Lq, Dv]`.
    public static func apply(
        query: Tensor, key: Tensor, value: Tensor, scale: Float, keyMask: Tensor? = nil,
        logitsBufferBytes: Int = defaultLogitsBufferBytes
    ) throws -> Tensor {
        guard query.rank == 3, key.rank == 3, value.rank == 3,
              query.shape[0] == key.shape[0], key.shape[0] == value.shape[0],
              query.shape[2] == key.shape[2], key.shape[1] == value.shape[1] else {
            throw TensorError(operation: "attention",
                              message: "need q [N, Lq, D], k [N, Lk, D], v [N, Lk, Dv]; got \(query.shape), \(key.shape), \(value.shape)")
        }
        let n = query.shape[0]
        let lq = query.shape[1]
        let lk = key.shape[1]
        let d = query.shape[2]
        let dv = value.shape[2]
        var maskRowsPerEntry = 1
        if let keyMask {
            guard keyMask.rank == 2, keyMask.shape[1] == lk, keyMask.shape[0] > 0, n % keyMask.shape[0] == 0 else {
                throw TensorError(operation: "attention",
                                  message: "mask must be [M, \(lk)] with \(n) divisible by M, got \(keyMask.shape)")
            }
            maskRowsPerEntry = n / keyMask.shape[0]
        }
        let chunk = max(1, min(lq, logitsBufferBytes / (max(lk, 1) * MemoryLayout<Float>.stride)))
        return Tensor(validatedShape: [n, lq, dv]) { output in
            guard let out = output.baseAddress else { return }
            guard lk > 0 else {
                out.initialize(repeating: .nan, count: n * lq * dv)  // softmax over no keys, as PyTorch
                return
            }
            let logits = UnsafeMutablePointer<Float>.allocate(capacity: chunk * lk)
            defer { logits.deallocate() }
            query.withUnsafeBufferPointer { qBuffer in
                key.withUnsafeBufferPointer { kBuffer in
                    value.withUnsafeBufferPointer { vBuffer in
                        guard let q = qBuffer.baseAddress, let k = kBuffer.baseAddress,
                              let v = vBuffer.baseAddress else { return }
                        let mask = keyMask?.scalars
                        for entry in 0..<n {
                            let maskRow = entry / maskRowsPerEntry
                            var start = 0
                            while start < lq {
                                let rows = min(chunk, lq - start)
                                BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: lk, k: d, alpha: scale,
                                           a: q + (entry * lq + start) * d, lda: d, b: k + entry * lk * d, ldb: d,
                                           beta: 0, c: logits, ldc: lk)
                                ParallelLoop.forEachRange(count: rows, workPerItem: 3 * lk) { range in
                                    for row in range {
                                        let line = logits + row * lk
                                        if let mask {
                                            for j in 0..<lk where !(mask[maskRow * lk + j] > 0.5) {
                                                line[j] = -Float.greatestFiniteMagnitude
                                            }
                                        }
                                        Tensor.softmaxLine(line, length: lk, stride: 1)
                                    }
                                }
                                BLAS.sgemm(transposeA: false, transposeB: false, m: rows, n: dv, k: lk, alpha: 1,
                                           a: logits, lda: lk, b: v + entry * lk * dv, ldb: dv,
                                           beta: 0, c: out + (entry * lq + start) * dv, ldc: dv)
                                start += rows
                            }
                        }
                    }
                }
            }
        }
    }
}
