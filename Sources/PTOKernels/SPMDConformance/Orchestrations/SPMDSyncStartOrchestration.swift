import PTORuntime

/// `spmd_sync_start_orch.cpp`: four MIX tasks of the slot writers — 2, 8 and 12 blocks that must start together,
/// and a 2-block baseline without the requirement between them.
public enum SPMDSyncStartOrchestration {
    /// func_ids of the AIC, AIV0 and AIV1 slot writers.
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 2)

    /// Submits the four tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        for (blockNum, baseCL, sync) in [(2, 0, true), (8, 6, true), (2, 30, false), (12, 36, true)] {
            try SPMDSubmit.mix(orch, kernels, output: output, blockNum: blockNum, baseCL: baseCL, syncStart: sync)
        }
    }
}
