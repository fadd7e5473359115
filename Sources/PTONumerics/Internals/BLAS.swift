import CBLAS

/// The only file in PTOSim that calls OpenBLAS. Each wrapper checks its shapes before the C call, so a wrong leading
/// dimension is a precondition failure here instead of a silent out-of-bounds read inside BLAS.
enum BLAS {
    /// C[m×n] = alpha · op(A) · op(B) + beta · C, all row-major fp32.
    @inline(__always)
    static func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        precondition(m > 0 && n > 0 && k > 0, "sgemm: empty product \(m)x\(n)x\(k)")
        precondition(lda >= (transA ? m : k) && ldb >= (transB ? k : n) && ldc >= n, "sgemm: leading dimension too small")
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Caps OpenBLAS's own thread pool: PTOSim parallelises across simulated clusters itself.
    static func setThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}
