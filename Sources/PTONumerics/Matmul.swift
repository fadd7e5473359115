/// fp32 matrix products, the single entry point to BLAS for every other module (the cube's TMATMUL, the golden
/// reference, the benchmarks). Row-major throughout; bf16 operands are widened first (bf16×bf16 products are exact
/// in fp32, so only the accumulation order can differ from the chip's cube).
public enum Matmul {
    /// C[m×n] = op(A)·op(B) (+ C when `accumulate`), with row-major leading dimensions.
    @inlinable
    public static func gemm(m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, lda: Int, transA: Bool = false,
                            b: UnsafePointer<Float>, ldb: Int, transB: Bool = false,
                            c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false) {
        _gemm(m: m, n: n, k: k, a: a, lda: lda, transA: transA, b: b, ldb: ldb, transB: transB,
              c: c, ldc: ldc, accumulate: accumulate)
    }

    @usableFromInline
    static func _gemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int, transA: Bool,
                      b: UnsafePointer<Float>, ldb: Int, transB: Bool,
                      c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
                   beta: accumulate ? 1 : 0, c: c, ldc: ldc)
    }

    /// Sets how many threads OpenBLAS may use inside one call (PTOSim keeps it at 1 and runs clusters in parallel).
    public static func setBLASThreads(_ n: Int) { BLAS.setThreads(n) }
}
