import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_starvation` test (tests/st/a2a3/tensormap_and_ringbuffer/spmd_starvation): three waves of six
/// 4-block MIX tasks with a 6-block MIX cohort after the first two waves (20 tasks)
public struct SPMDStarvationScene: SPMDConformanceScene {
    public let name = "spmd_starvation"
    public let summary = "three waves of six 4-block MIX tasks with a 6-block MIX cohort after the first two "
        + "waves (20 tasks)"

    public init() {}

    public func expectedOutput() -> Tensor { SPMDCacheLineGolden.expected(SPMDStarvationGolden.tasks) }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        SPMDKernelRegistration.mixWriters(on: host, aic: 0, aiv0: 1, aiv1: 2)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try SPMDStarvationOrchestration.run(orch, output: args.tensor(0))
    }
}
