import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_sync_start_edge` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_sync_start_edge): MIX cohorts
/// of 1, 8, 9 and 23 blocks (edges of one scheduler thread and of the chip) and a 1-block baseline
public struct SPMDSyncStartEdgeScene: SPMDConformanceScene {
    public let name = "spmd_sync_start_edge"
    public let summary = "MIX cohorts of 1, 8, 9 and 23 blocks (edges of one scheduler thread and of the chip)"
        + " and a 1-block baseline"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDSyncStartEdgeGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.mixWriters(on: host, aic: 0, aiv0: 1, aiv1: 2)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDSyncStartEdgeOrchestration.run(orch, output: args.tensor(0))
    }
}
