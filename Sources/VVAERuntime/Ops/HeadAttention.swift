extension Tensor {
    /// Multi-head attention over `[L, heads · width]` queries, keys and values whose heads sit side by side in each
    /// row (T5's layout): per head, scores = q · kᵀ (`[L, L]`), each row of scores turned into weights by
    /// `weigh(head, query, &row)` (the model's softmax, bias and mask), then weights · v. Heads run in parallel,
    /// each product on one thread. Returns `[L, heads · width]`.
    static func headAttention(queries: Tensor, keys: Tensor, values: Tensor, heads: Int, width: Int,
                              weigh: (_ head: Int, _ query: Int, _ row: inout [Float]) -> Void) throws -> Tensor {
        let inner = heads * width
        guard queries.rank == 2, queries.shape[1] == inner, keys.shape == queries.shape, values.shape == queries.shape else {
            throw TensorError(operation: "headAttention",
                              message: "queries, keys and values must all be [L, \(inner)], got \(queries.shape), \(keys.shape), \(values.shape)")
        }
        let length = queries.shape[0]
        var context = [Float](repeating: 0, count: length * inner)
        queries.withUnsafeBufferPointer { queryBuffer in keys.withUnsafeBufferPointer { keyBuffer in values.withUnsafeBufferPointer { valueBuffer in
            context.withUnsafeMutableBufferPointer { contextBuffer in
                guard let q = queryBuffer.baseAddress, let k = keyBuffer.baseAddress, let v = valueBuffer.baseAddress,
                      let out = contextBuffer.baseAddress else { return }
                ParallelLoop.forEachIndexDynamically(count: heads, workers: BLAS.threadCount) { head, _ in
                    var scores = [Float](repeating: 0, count: length * length)
                    var row = [Float](repeating: 0, count: length)
                    scores.withUnsafeMutableBufferPointer { scoreBuffer in
                        guard let s = scoreBuffer.baseAddress else { return }
                        BLAS.sgemmOnThisThread(transposeA: false, transposeB: true, m: length, n: length, k: width, alpha: 1,
                                               a: q + head * width, lda: inner, b: k + head * width, ldb: inner,
                                               beta: 0, c: s, ldc: length)
                        for query in 0..<length {
                            let scoresOfQuery = UnsafeMutableBufferPointer(start: s + query * length, count: length)
                            for key in 0..<length { row[key] = scoresOfQuery[key] }
                            weigh(head, query, &row)
                            for key in 0..<length { scoresOfQuery[key] = row[key] }
                        }
                        BLAS.sgemmOnThisThread(transposeA: false, transposeB: false, m: length, n: width, k: length, alpha: 1,
                                               a: s, lda: length, b: v + head * width, ldb: inner,
                                               beta: 0, c: out + head * width, ldc: inner)
                    }
                }
            }
        } } }
        return Tensor(validatedShape: [length, inner], scalars: context)
    }
}
