import PTORuntime

/// The submit helpers the conformance orchestrations share (their `submit_mix` / `submit_aiv`): the whole output
/// tensor as the one INOUT argument, `base_cl` as the one scalar, and the launch spec (block count, sync start).
public enum SPMDSubmit {
    /// Submits a MIX task of `kernels` with `blockNum` blocks writing from cache line `baseCL`.
    @discardableResult
    public static func mix(_ orch: Orchestrator, _ kernels: MixedKernels, output: ChipTensor, blockNum: Int,
                           baseCL: Int, syncStart: Bool = false) throws -> TaskID {
        try orch.submit(kernels, args(output, blockNum, baseCL, syncStart)).taskID
    }

    /// Submits an AIV task of kernel `kernel` with `blockNum` blocks writing from cache line `baseCL`.
    @discardableResult
    public static func aiv(_ orch: Orchestrator, _ kernel: Int, output: ChipTensor, blockNum: Int, baseCL: Int,
                           syncStart: Bool = false) throws -> TaskID {
        try orch.submitAIV(kernel, args(output, blockNum, baseCL, syncStart)).taskID
    }

    private static func args(_ output: ChipTensor, _ blockNum: Int, _ baseCL: Int, _ syncStart: Bool) -> TaskArgs {
        var a = TaskArgs()
        a.addInout(output)
        a.addScalar(baseCL)
        a.launchSpec = LaunchSpec(blockNum: blockNum, requireSyncStart: syncStart)
        return a
    }
}
