import PTORuntime

/// `spmd_multiblock_mix_orch.cpp`: five MIX tasks with 2, 8, 12, 24 and 48 blocks (a pair, one scheduler thread's
/// clusters, a cross-thread re-push, every cluster, two rounds of every cluster), three cache lines per block.
public enum SPMDMultiblockMixOrchestration {
    /// func_ids of the AIC, AIV0 and AIV1 slot writers.
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 2)

    /// Submits the five tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        for (blockNum, baseCL) in [(2, 0), (8, 6), (12, 30), (24, 66), (48, 138)] {
            try SPMDSubmit.mix(orch, kernels, output: output, blockNum: blockNum, baseCL: baseCL)
        }
    }
}
