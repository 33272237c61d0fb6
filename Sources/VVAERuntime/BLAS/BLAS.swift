import COpenBLAS

/// The thin layer over OpenBLAS: thread count and the `sgemm` calls every matrix product goes through.
public enum BLAS {
    /// Threads OpenBLAS uses for matrix products (and the runtime for its own parallel loops).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS (and the runtime's parallel loops) use; values below 1 mean 1.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, count)))
    }

    /// Row-major `C = alpha · op(A) · op(B) + beta · C` with explicit leading dimensions.
    static func sgemm(
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
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }
}
