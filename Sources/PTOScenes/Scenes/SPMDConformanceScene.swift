import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// What simpler's nine SPMD conformance scenes share: one case (`Case1`, 4 AICPU threads, block dim 24), exact
/// comparison (RTOL = ATOL = 0), one argument — the fp32 `output` tensor, zeroed, that every task takes as INOUT —
/// and a golden that is that tensor with the marks the test expects its blocks to write.
public protocol SPMDConformanceScene: Scene {
    /// The expected `output`, from the scene's golden.
    func expectedOutput() -> Tensor
}

extension SPMDConformanceScene {
    public var cases: [SceneCase] {
        [SceneCase(name: "Case1", params: [], aicpuThreads: 4, blockDim: 24,
                   note: "the test's only case (platforms a2a3sim and a2a3)")]
    }

    public var tolerance: SceneTolerance { SceneTolerance(rtol: 0, atol: 0) }

    public var outputNames: [String] { ["output"] }

    public func makeArgs(_ sceneCase: SceneCase, seed: UInt64) throws -> SceneArgs {
        var args = SceneArgs()
        args.add("output", Tensor(dtype: .f32, shape: expectedOutput().shape))
        return args
    }

    public func golden(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor] {
        ["output": expectedOutput()]
    }
}
