import PTORuntime

/// `spmd_batch_dispatch_oob_orch.cpp`: two MIX tasks of 48 blocks each (twice the clusters) submitted back to back,
/// the case that once sent simpler's batch dispatch past its cluster array (simpler issue #565).
public enum SPMDBatchDispatchOOBOrchestration {
    /// func_ids of the AIC, AIV0 and AIV1 writers (`kernel_write.cpp`, the same program as the MIX slot writers).
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 2)

    /// Submits the two tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        try SPMDSubmit.mix(orch, kernels, output: output, blockNum: 48, baseCL: 0)
        try SPMDSubmit.mix(orch, kernels, output: output, blockNum: 48, baseCL: 144)
    }
}
