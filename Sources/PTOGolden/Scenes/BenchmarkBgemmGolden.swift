import PTOCases
import PTONumerics

/// The golden of `benchmark_bgemm` (simpler's `compute_golden`): C starts at zero and, for each group g, each
/// partial k in order and each tile i, C[g · incore_loop + i] += A[g, k, i] · B[g, k, i].
///
/// Each tile product is the one `Matmul.gemm` call the cube makes for a square fp32 TMATMUL of that edge (row-major,
/// leading dimension = the edge), and the partial sums are added in the order the add tasks apply them (the
/// tensormap orders the add tasks of a group by k), so a correct run equals this golden bit for bit.
public enum BenchmarkBgemmGolden {
    /// C for the inputs in `args` (tensors A, B) under the parameters of `c`.
    public static func compute(_ args: SceneArgs, _ c: SceneCase) throws -> [String: Tensor] {
        let p = try BenchmarkBgemmParams(c)
        let a = try args.tensor("A"), b = try args.tensor("B")
        guard a.count == p.abElements, b.count == p.abElements else {
            throw CaseError(.inconsistentTensors, "benchmark_bgemm: A and B hold \(a.count) and \(b.count) elements; "
                + "case \(c.name) needs \(p.abElements)")
        }
        let out = Tensor(dtype: .f32, shape: [p.cElements])
        // One BLAS thread per call, as the emulator runs the cube: a call split over OpenBLAS's own threads may
        // round differently, and the parallelism comes from the tiles anyway.
        Matmul.setBLASThreads(1)
        let edge = p.tileSize, elements = p.tileElements
        // One work item per C tile: its grid_k partial products, accumulated in k order.
        Parallel.forEach(p.numGroups * p.incoreLoop, workers: Parallel.defaultWorkers) { item, _ in
            let g = item / p.incoreLoop, i = item % p.incoreLoop
            let cTile = out.f32 + item * elements
            let partial = UnsafeMutablePointer<Float>.allocate(capacity: elements)
            defer { partial.deallocate() }
            for k in 0..<p.gridK {
                let at = ((g * p.gridK + k) * p.incoreLoop + i) * elements
                Matmul.gemm(m: edge, n: edge, k: edge, a: a.f32 + at, lda: edge, b: b.f32 + at, ldb: edge,
                            c: partial, ldc: edge)
                for e in 0..<elements { cTile[e] = cTile[e] + partial[e] }
            }
        }
        return ["C": out]
    }
}
