import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_batch_dispatch_oob` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_batch_dispatch_oob): two
/// 48-block MIX tasks (twice the clusters) submitted back to back, each core of each block writing its block id
public struct SPMDBatchDispatchOOBScene: SPMDConformanceScene {
    public let name = "spmd_batch_dispatch_oob"
    public let summary = "two 48-block MIX tasks (twice the clusters) submitted back to back, each core of "
        + "each block writing its block id"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDBatchDispatchOOBGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.mixWriters(on: host, aic: 0, aiv0: 1, aiv1: 2)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDBatchDispatchOOBOrchestration.run(orch, output: args.tensor(0))
    }
}
