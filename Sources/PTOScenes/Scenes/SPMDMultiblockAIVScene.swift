import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_multiblock_aiv` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_multiblock_aiv): five AIV tasks
/// of 4, 16, 24, 48 and 96 blocks, each block writing float(block_idx) to its own cache line
public struct SPMDMultiblockAIVScene: SPMDConformanceScene {
    public let name = "spmd_multiblock_aiv"
    public let summary = "five AIV tasks of 4, 16, 24, 48 and 96 blocks, each block writing float(block_idx) "
        + "to its own cache line"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDMultiblockAIVGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.blockWriterAIV(on: host, id: 0)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDMultiblockAIVOrchestration.run(orch, output: args.tensor(0))
    }
}
