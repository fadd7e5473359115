import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_sync_start_aiv` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_sync_start_aiv): AIV cohorts of
/// 4, 16 and 24 blocks that must start together, and a 4-block baseline, writing block ids
public struct SPMDSyncStartAIVScene: SPMDConformanceScene {
    public let name = "spmd_sync_start_aiv"
    public let summary = "AIV cohorts of 4, 16 and 24 blocks that must start together, and a 4-block baseline,"
        + " writing block ids"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDSyncStartAIVGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.blockWriterAIV(on: host, id: 0)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDSyncStartAIVOrchestration.run(orch, output: args.tensor(0))
    }
}
