import Dispatch

/// Splits `0..<count` into contiguous ranges run concurrently on up to `BLAS.threadCount` threads.
/// Used for the memory-bound loops around `sgemm` (im2col, col2im, norms) so they scale with the same setting.
enum ParallelLoop {
    /// Below this much work (elements touched) the loop runs inline: thread hand-off would cost more.
    static let minimumWorkPerThread = 1 << 15

    static func forEachRange(count: Int, workPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let threads = BLAS.threadCount
        let byWork = max(1, (count * max(1, workPerItem)) / minimumWorkPerThread)
        let chunks = min(threads, count, byWork)
        if chunks <= 1 {
            body(0..<count)
            return
        }
        // Callers write disjoint memory per range and the call returns only after every chunk finished, so
        // handing the non-Sendable body (it captures buffer pointers) to the worker threads is safe.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks
                let end = count * (chunk + 1) / chunks
                if start < end { work(start..<end) }
            }
        }
    }
}
