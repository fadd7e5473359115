import PTORuntime

/// `spmd_starvation_orch.cpp`: three waves of six 4-block MIX tasks with a 6-block MIX cohort (sync start) after the
/// first and the second wave (20 tasks).
public enum SPMDStarvationOrchestration {
    /// func_ids of the AIC, AIV0 and AIV1 slot writers.
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 2)

    /// Submits the 20 tasks; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        let slots = 3, normal = 4, cohort = 6
        var cl = 0
        for wave in 0..<3 {
            for _ in 0..<6 {
                try SPMDSubmit.mix(orch, kernels, output: output, blockNum: normal, baseCL: cl)
                cl += normal * slots
            }
            if wave < 2 {
                try SPMDSubmit.mix(orch, kernels, output: output, blockNum: cohort, baseCL: cl, syncStart: true)
                cl += cohort * slots
            }
        }
    }
}
