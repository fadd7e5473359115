import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_basic` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_basic): one single-block MIX task whose
/// AIC and two AIVs each write block_idx, block_num (and the AIV's sub_block_id) to their own cache line
public struct SPMDBasicScene: SPMDConformanceScene {
    public let name = "spmd_basic"
    public let summary = "one single-block MIX task whose AIC and two AIVs each write block_idx, block_num "
        + "(and the AIV's sub_block_id) to their own cache line"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDBasicGolden.expected() }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.contextReaders(on: host, aic: 0, aiv0: 1, aiv1: 2)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDBasicOrchestration.run(orch, output: args.tensor(0))
    }
}
