import PTORuntime

/// The orchestration of `benchmark_bgemm` (`bgemm_orch.cpp`): for each group, inside its own scope, a view of the
/// group's C tiles and, for each of the `grid_k` partial products in order, a GEMM task (AIC) over the group's A and
/// B views that writes a runtime-allocated fp32 buffer P of `incore_loop` tiles, then an ADD task (AIV) with C as
/// INOUT and P as INPUT. The tensormap orders each group's ADD tasks one after another on C (and each after its GEMM
/// through P's creator edge); groups are independent.
public enum BenchmarkBgemmOrchestration {
    /// Submits every task. `tensors`: A, B, C (flat fp32) and config (int64 `[tile_size, grid_k, num_groups,
    /// incore_loop]`, read here on the host as the orchestration reads it).
    public static func run(_ orch: Orchestrator, tensors t: [ChipTensor]) throws {
        guard t.count == 4, t[3].dtype == .i64, t[3].elementCount >= 4 else {
            throw RuntimeError.invalidArguments("benchmark_bgemm expects tensors A, B, C and an int64 config of 4 "
                + "values")
        }
        let (a, b, c, config) = (t[0], t[1], t[2], t[3])
        let cfg = config.tensor.i64 + config.startOffset
        let (tileSize, gridK, numGroups, incoreLoop) = (Int(cfg[0]), Int(cfg[1]), Int(cfg[2]), Int(cfg[3]))
        let groupElements = incoreLoop * tileSize * tileSize
        let partial = TensorCreateInfo(shape: [groupElements], dtype: .f32, name: "P")

        for group in 0..<numGroups {
            try orch.scope {
                let cView = try c.view(shape: [groupElements], offsets: [group * groupElements])
                for k in 0..<gridK {
                    let offset = (group * gridK + k) * groupElements
                    var gemmArgs = TaskArgs()
                    gemmArgs.addInput(try a.view(shape: [groupElements], offsets: [offset]),
                                      try b.view(shape: [groupElements], offsets: [offset]))
                    gemmArgs.addOutput(partial)
                    gemmArgs.addInput(config)
                    let gemm = try orch.submitAIC(BenchmarkBgemmKernels.gemm, gemmArgs)

                    var addArgs = TaskArgs()
                    addArgs.addInout(cView)
                    addArgs.addInput(gemm[0], config)
                    try orch.submitAIV(BenchmarkBgemmKernels.add, addArgs)
                }
            }
        }
    }
}
