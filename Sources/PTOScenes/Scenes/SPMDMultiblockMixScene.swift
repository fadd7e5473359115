import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_multiblock_mix` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_multiblock_mix): five MIX tasks
/// of 2, 8, 12, 24 and 48 blocks, each core of each block writing float(block_idx) to its own cache line
public struct SPMDMultiblockMixScene: SPMDConformanceScene {
    public let name = "spmd_multiblock_mix"
    public let summary = "five MIX tasks of 2, 8, 12, 24 and 48 blocks, each core of each block writing "
        + "float(block_idx) to its own cache line"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDMultiblockMixGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.mixWriters(on: host, aic: 0, aiv0: 1, aiv1: 2)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDMultiblockMixOrchestration.run(orch, output: args.tensor(0))
    }
}
