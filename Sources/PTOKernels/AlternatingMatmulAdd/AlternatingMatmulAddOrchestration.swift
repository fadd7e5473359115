import PTORuntime

/// The orchestration of `alternating_matmul_add` (`alternating_orch.cpp`): matmul groups of `matmul_batch` tiles and
/// add groups of `add_batch` tiles, submitted interleaved — matmul group i, then add group i — each as one
/// single-core task over 1-D views of the flat tensors. No two tasks touch the same elements, so the tensormap finds
/// no dependency and the scheduler runs them in any order across the AICs and AIVs.
public enum AlternatingMatmulAddOrchestration {
    /// Submits every task. `tensors`: A, B, C, X, Y, Z (flat fp32); `scalars`: batch, M, N, matmul_batch,
    /// add_batch (int64 bits).
    public static func run(_ orch: Orchestrator, tensors t: [ChipTensor], scalars s: [UInt64]) throws {
        guard t.count == 6, s.count == 5 else {
            throw RuntimeError.invalidArguments("alternating_matmul_add expects 6 tensors and 5 scalars, got "
                + "\(t.count) and \(s.count)")
        }
        let (a, b, c, x, y, z) = (t[0], t[1], t[2], t[3], t[4], t[5])
        func int(_ i: Int) -> Int { Int(Int64(bitPattern: s[i])) }
        let (batch, m, n, matmulBatch, addBatch) = (int(0), int(1), int(2), int(3), int(4))
        let tileElements = AlternatingMatmulAddKernels.tile * AlternatingMatmulAddKernels.tile
        let matmulGroups = batch * m / matmulBatch, addGroups = batch * n / addBatch

        for group in 0..<max(matmulGroups, addGroups) {
            if group < matmulGroups {
                let size = matmulBatch * tileElements, offset = group * size
                var args = TaskArgs()
                args.addInput(try a.view(shape: [size], offsets: [offset]), try b.view(shape: [size], offsets: [offset]))
                args.addOutput(try c.view(shape: [size], offsets: [offset]))
                try orch.submitAIC(AlternatingMatmulAddKernels.matmul, args)
            }
            if group < addGroups {
                let size = addBatch * tileElements, offset = group * size
                var args = TaskArgs()
                args.addInput(try x.view(shape: [size], offsets: [offset]), try y.view(shape: [size], offsets: [offset]))
                args.addOutput(try z.view(shape: [size], offsets: [offset]))
                try orch.submitAIV(AlternatingMatmulAddKernels.add, args)
            }
        }
    }
}
