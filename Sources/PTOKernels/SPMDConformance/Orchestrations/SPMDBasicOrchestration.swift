import PTORuntime

/// `spmd_basic_orch.cpp`: one MIX task (AIC + AIV0 + AIV1), one block, the output as its only (INOUT) argument.
public enum SPMDBasicOrchestration {
    /// func_ids of the AIC, AIV0 and AIV1 context readers.
    public static let kernels = MixedKernels(aic: 0, aiv0: 1, aiv1: 2)

    /// Submits the task; `output` is tensor argument 0.
    public static func run(_ orch: Orchestrator, output: ChipTensor) throws {
        var args = TaskArgs()
        args.addInout(output)
        _ = try orch.submit(kernels, args)
    }
}
