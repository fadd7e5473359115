import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_sync_start` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_sync_start): MIX cohorts of 2, 8 and
/// 12 blocks that must start together, and a 2-block baseline, writing block ids per core
public struct SPMDSyncStartScene: SPMDConformanceScene {
    public let name = "spmd_sync_start"
    public let summary = "MIX cohorts of 2, 8 and 12 blocks that must start together, and a 2-block baseline, "
        + "writing block ids per core"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDSyncStartGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.mixWriters(on: host, aic: 0, aiv0: 1, aiv1: 2)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDSyncStartOrchestration.run(orch, output: args.tensor(0))
    }
}
