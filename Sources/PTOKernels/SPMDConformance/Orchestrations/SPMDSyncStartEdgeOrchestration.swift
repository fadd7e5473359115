import PTORuntime

/// `spmd_sync_start_edge_orch.cpp`: MIX cohorts at the edges of a scheduler thread's 8 clusters and the chip's 24 —
/// 1, 8, 9 and 23 blocks that must start together — then a 1-block baseline without the requirement.
public enum SPMDSyncStartEdgeOrchestration {
    /// func_ids of the AIC, AIV0 and AIV1 slot writers.
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 2)

    /// Submits the five tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        for (blockNum, baseCL, sync) in [(1, 0, true), (8, 3, true), (9, 27, true), (23, 54, true), (1, 123, false)] {
            try SPMDSubmit.mix(orch, kernels, output: output, blockNum: blockNum, baseCL: baseCL, syncStart: sync)
        }
    }
}
