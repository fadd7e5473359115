import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_sync_start_stress` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_sync_start_stress): six
/// rounds of 4-block MIX tasks, 12-block MIX cohorts, 8-block AIV cohorts and a 4-block AIV task (54 tasks)
public struct SPMDSyncStartStressScene: SPMDConformanceScene {
    public let name = "spmd_sync_start_stress"
    public let summary = "six rounds of 4-block MIX tasks, 12-block MIX cohorts, 8-block AIV cohorts and a "
        + "4-block AIV task (54 tasks)"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDSyncStartStressGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.mixWriters(on: host, aic: 0, aiv0: 1, aiv1: 2)
        SPMDKernelRegistration.blockWriterAIV(on: host, id: 3)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDSyncStartStressOrchestration.run(orch, output: args.tensor(0))
    }
}
