import PTOCore

extension PagedAttentionKernel {
    /// Registers the MixedKernels task (FUNC_PA_AIC on the cube, FUNC_PA_AIV on both vector lanes) on `host`: each
    /// block decodes the task's arguments as `kernel_entry` does and runs the AIC program with the two AIV programs on
    /// its cluster. `plan` picks the event scheme, the added syncs and the K/V prefetch; dropped labels are the host's
    /// business (`LaunchSyncs`), so `plan.dropped` should be empty here.
    public static func register(on host: KernelHost, plan: SyncPlan) {
        host.registerMix(kernels) { block, binder in
            let args = try binder.args(block, config: PAConfig(qTile: 16))
            let hw = block.blockIdx, count = block.blockNum
            return ClusterPrograms(
                aic: PagedAttentionCube(args: args, plan: plan, hardwareBlock: hw, hardwareBlockCount: count),
                aiv0: PagedAttentionVector(args: args, plan: plan, lane: 0, hardwareBlock: hw, hardwareBlockCount: count),
                aiv1: PagedAttentionVector(args: args, plan: plan, lane: 1, hardwareBlock: hw, hardwareBlockCount: count))
        }
    }
}
