import Dispatch
import Synchronization

/// Splits work over up to `BLAS.threadCount` threads.
/// Used for the memory-bound loops around `sgemm` (im2col, col2im, norms) and for the products themselves.
enum ParallelLoop {
    /// Below this much work (elements touched) the loop runs inline: thread hand-off would cost more.
    static let minimumWorkPerThread = 1 << 15

    /// Splits `0..<count` into contiguous ranges run concurrently (as many as threads, fewer for small work).
    static func forEachRange(count: Int, workPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let byWork = max(1, (count * max(1, workPerItem)) / minimumWorkPerThread)
        forEachBlock(count: count, blocks: min(BLAS.threadCount, byWork), body)
    }

    /// Splits `0..<count` into `blocks` contiguous ranges of near-equal size run concurrently.
    static func forEachBlock(count: Int, blocks requested: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let blocks = max(1, min(requested, count))
        if blocks == 1 {
            body(0..<count)
            return
        }
        // Callers write disjoint memory per range and the call returns only after every block finished, so
        // handing the non-Sendable body (it captures buffer pointers) to the worker threads is safe.
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                let start = count * block / blocks
                let end = count * (block + 1) / blocks
                if start < end { work(start..<end) }
            }
        }
    }

    /// Runs `body(index, worker)` for every index of `0..<count`, handing indices out one at a time to up to
    /// `workers` threads, so a thread slowed down by other load on the machine simply takes fewer. `worker`
    /// (`0..<workers`) selects per-thread scratch memory.
    static func forEachIndexDynamically(count: Int, workers requested: Int, _ body: (Int, Int) -> Void) {
        guard count > 0 else { return }
        let workers = max(1, min(requested, count))
        if workers == 1 {
            for index in 0..<count { body(index, 0) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let work = body
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    work(index, worker)
                }
            }
        }
    }
}
