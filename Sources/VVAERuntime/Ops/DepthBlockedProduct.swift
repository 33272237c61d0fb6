/// `x · Wᵀ` with the inner (K) dimension cut into blocks of `depth`: OpenBLAS sums each block in float32, the
/// blocks are summed in Double. A float32 dot product's rounding error grows with its length; the T5 encoder's
/// products run over K = 1024 and 2816 for 24 blocks, and summing in blocks of 64 keeps its result as close to
/// float64 as PyTorch's float32 (closer, measured in Docs/ACCURACY.md) at a small cost in speed.
enum DepthBlockedProduct {
    /// Inner-dimension block summed in float32.
    static let depth = 64
    /// Output columns per work item (one thread's share at a time).
    static let columnBlock = 256

    /// `input` `[rows, k]` times `weight` `[n, k]` transposed → `[rows, n]`.
    static func product(_ input: Tensor, _ weight: Tensor) -> Tensor {
        let rows = input.count / weight.shape[1]
        let n = weight.shape[0], k = weight.shape[1]
        let depth = Self.depth, columnBlock = Self.columnBlock
        return Tensor(validatedShape: Array(input.shape.dropLast()) + [n]) { output in
            guard let out = output.baseAddress else { return }
            input.withUnsafeBufferPointer { xBuffer in
                weight.withUnsafeBufferPointer { wBuffer in
                    guard let x = xBuffer.baseAddress, let w = wBuffer.baseAddress else { return }
                    let items = (n + columnBlock - 1) / columnBlock
                    ParallelLoop.forEachIndexDynamically(count: items, workers: BLAS.threadCount) { item, _ in
                        let first = item * columnBlock
                        let width = min(columnBlock, n - first)
                        var partial = [Float](repeating: 0, count: rows * width)
                        var sum = [Double](repeating: 0, count: rows * width)
                        partial.withUnsafeMutableBufferPointer { partialBuffer in
                            guard let p = partialBuffer.baseAddress else { return }
                            var start = 0
                            while start < k {
                                let length = min(depth, k - start)
                                BLAS.sgemmOnThisThread(transposeA: false, transposeB: true, m: rows, n: width, k: length,
                                                       alpha: 1, a: x + start, lda: k, b: w + first * k + start, ldb: k,
                                                       beta: 0, c: p, ldc: width)
                                for index in 0..<(rows * width) { sum[index] += Double(p[index]) }
                                start += length
                            }
                        }
                        for row in 0..<rows {
                            for column in 0..<width { out[row * n + first + column] = Float(sum[row * width + column]) }
                        }
                    }
                }
            }
        }
    }
}
