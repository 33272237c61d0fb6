import COpenBLAS
import Synchronization

/// The thin layer over OpenBLAS: the runtime's thread count and the `sgemm` calls every matrix product goes through.
///
/// OpenBLAS itself always runs single-threaded; the runtime splits work into independent blocks, one per thread
/// (fixed column or row blocks of a product, im2col tiles of a convolution). OpenBLAS's own workers spin and yield
/// between calls and synchronise inside each one, which on two cores cost more than it gained with the
/// runtime's many tile-sized products. Blocks have fixed sizes, so every element is computed by the same
/// arithmetic whatever the thread count.
public enum BLAS {
    /// Threads the runtime uses; starts at OpenBLAS's default (`OPENBLAS_NUM_THREADS`, else the core count).
    private static let threads: Atomic<Int> = {
        let initial = Int(openblas_get_num_threads())
        openblas_set_num_threads(1)
        return Atomic(max(1, initial))
    }()

    /// Threads for matrix products and the runtime's parallel loops.
    public static var threadCount: Int { threads.load(ordering: .relaxed) }

    /// Sets the number of threads; values below 1 mean 1.
    public static func setThreadCount(_ count: Int) {
        threads.store(max(1, count), ordering: .relaxed)
    }

    /// Below this many multiply-adds a product runs on the calling thread alone.
    static let minimumParallelWork = 1 << 22

    /// Width of the blocks a large product is cut into. Fixed, not derived from the thread count: some OpenBLAS
    /// kernels (the AVX2 "Haswell" set) round differently for different block shapes, and the runtime's results
    /// must not depend on `--threads`.
    static let blockWidth = 512

    /// Row-major `C = alpha · op(A) · op(B) + beta · C` with explicit leading dimensions. A large product is cut
    /// into fixed column blocks (row blocks when C is taller than wide) handed out to the runtime's threads.
    static func sgemm(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let splitColumns = n >= m
        let extent = splitColumns ? n : m
        let blocks = (extent + blockWidth - 1) / blockWidth
        if blocks <= 1 || m * n * max(k, 1) < minimumParallelWork {
            sgemmOnThisThread(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                              a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        ParallelLoop.forEachIndexDynamically(count: blocks, workers: threadCount) { block, _ in
            let first = block * blockWidth
            let width = min(blockWidth, extent - first)
            if splitColumns {
                sgemmOnThisThread(transposeA: transposeA, transposeB: transposeB, m: m, n: width, k: k,
                                  alpha: alpha, a: a, lda: lda, b: b + (transposeB ? first * ldb : first), ldb: ldb,
                                  beta: beta, c: c + first, ldc: ldc)
            } else {
                sgemmOnThisThread(transposeA: transposeA, transposeB: transposeB, m: width, n: n, k: k,
                                  alpha: alpha, a: a + (transposeA ? first : first * lda), lda: lda, b: b, ldb: ldb,
                                  beta: beta, c: c + first * ldc, ldc: ldc)
            }
        }
    }

    /// The same product computed on the calling thread — for callers that already run one block per thread.
    static func sgemmOnThisThread(
        transposeA: Bool, transposeB: Bool,
        m: Int, n: Int, k: Int,
        alpha: Float,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // BLAS leaves C scaled by beta when K is empty; make that explicit for beta == 0.
            if beta == 0 {
                for row in 0..<m { (c + row * ldc).update(repeating: 0, count: n) }
            }
            return
        }
        _ = threads.load(ordering: .relaxed)  // OpenBLAS is switched to one thread before its first product
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }
}
