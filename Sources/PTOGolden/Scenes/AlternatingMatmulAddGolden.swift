import PTOCases
import PTONumerics

/// The golden of `alternating_matmul_add` (simpler's `compute_golden`): for every batch b, C[b, m] = A[b, m] · B[b, m]
/// over the M 128×128 fp32 tiles and Z[b, n] = X[b, n] + Y[b, n] over the N tiles.
///
/// Each tile product is the one `Matmul.gemm` call the cube makes for a 128×128×128 fp32 TMATMUL (row-major A and B,
/// leading dimension 128), so a run that moves every tile intact equals this golden bit for bit; the adds are single
/// fp32 additions, exact by construction.
public enum AlternatingMatmulAddGolden {
    /// C and Z for the inputs in `args` (tensors A, B, X, Y) under the parameters of `c`.
    public static func compute(_ args: SceneArgs, _ c: SceneCase) throws -> [String: Tensor] {
        let p = try AlternatingMatmulAddParams(c)
        let a = try args.tensor("A"), b = try args.tensor("B"), x = try args.tensor("X"), y = try args.tensor("Y")
        let tile = AlternatingMatmulAddParams.tile, elements = AlternatingMatmulAddParams.tileElements
        guard a.count == p.matmulTiles * elements, b.count == a.count, x.count == p.addTiles * elements,
              y.count == x.count else {
            throw CaseError(.inconsistentTensors, "alternating_matmul_add: A, B hold \(a.count), \(b.count) and X, Y "
                + "\(x.count), \(y.count) elements; case \(c.name) needs \(p.matmulTiles * elements) and "
                + "\(p.addTiles * elements)")
        }
        let cOut = Tensor(dtype: .f32, shape: [a.count]), zOut = Tensor(dtype: .f32, shape: [x.count])
        // One BLAS thread per call, as the emulator runs the cube: a call split over OpenBLAS's own threads may
        // round differently, and the parallelism comes from the tiles anyway.
        Matmul.setBLASThreads(1)
        Parallel.forEach(p.matmulTiles, workers: Parallel.defaultWorkers) { t, _ in
            let at = t * elements
            Matmul.gemm(m: tile, n: tile, k: tile, a: a.f32 + at, lda: tile, b: b.f32 + at, ldb: tile,
                        c: cOut.f32 + at, ldc: tile)
        }
        for i in 0..<x.count { zOut.f32[i] = x.f32[i] + y.f32[i] }
        return ["C": cOut, "Z": zOut]
    }
}
