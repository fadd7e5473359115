import PTORuntime

/// `spmd_sync_start_stress_orch.cpp`: six rounds of nine tasks — four 4-block MIX tasks, two 12-block MIX cohorts,
/// two 8-block AIV cohorts and one 4-block AIV task — each task writing the next run of cache lines (54 tasks).
public enum SPMDSyncStartStressOrchestration {
    /// func_ids of the AIC, AIV0 and AIV1 slot writers.
    public static let mixKernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 2)
    /// func_id of the AIV block writer.
    public static let aivWriter = 3

    /// Submits the 54 tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        let mixSlots = 3, normalMix = 4, syncMix = 12, syncAIV = 8, normalAIV = 4
        var cl = 0
        for _ in 0..<6 {
            for _ in 0..<4 {
                try SPMDSubmit.mix(orch, mixKernels, output: output, blockNum: normalMix, baseCL: cl)
                cl += normalMix * mixSlots
            }
            for _ in 0..<2 {
                try SPMDSubmit.mix(orch, mixKernels, output: output, blockNum: syncMix, baseCL: cl, syncStart: true)
                cl += syncMix * mixSlots
            }
            for _ in 0..<2 {
                try SPMDSubmit.aiv(orch, aivWriter, output: output, blockNum: syncAIV, baseCL: cl, syncStart: true)
                cl += syncAIV
            }
            try SPMDSubmit.aiv(orch, aivWriter, output: output, blockNum: normalAIV, baseCL: cl)
            cl += normalAIV
        }
    }
}
