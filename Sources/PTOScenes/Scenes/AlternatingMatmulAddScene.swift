import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `alternating_matmul_add` (tests/st): independent AIC tasks that multiply 128×128 fp32 tiles and AIV tasks
/// that add 128×128 fp32 tiles, submitted interleaved in groups, so the cube and vector cores of the chip work side
/// by side on unrelated data.
public struct AlternatingMatmulAddScene: Scene {
    public init() {}

    public let name = "alternating_matmul_add"
    public let summary = "interleaved AIC tasks (128x128 fp32 matmul tiles) and AIV tasks (128x128 fp32 add tiles), "
        + "all independent"

    /// The test file's cases, in its order.
    public var cases: [SceneCase] {
        func params(_ batch: Int, _ m: Int, _ n: Int, _ mb: Int, _ ab: Int) -> [(String, SceneCase.Value)] {
            [("batch", .int(batch)), ("M", .int(m)), ("N", .int(n)), ("matmul_batch", .int(mb)), ("add_batch", .int(ab))]
        }
        return [
            SceneCase(name: "default", params: params(1, 1, 1, 1, 1), note: "one matmul task and one add task"),
            SceneCase(name: "Case1", params: params(500, 4, 4, 4, 4), manual: true,
                      note: "on-board table row: 500 matmul tasks and 500 add tasks of 4 tiles each"),
            SceneCase(name: "Case2", params: params(512, 2, 5, 4, 5), manual: true,
                      note: "256 matmul tasks of 4 tiles, 512 add tasks of 5 tiles"),
        ]
    }

    public let tolerance = SceneTolerance(rtol: 1e-3, atol: 1e-3)
    /// The golden's products go through the same single-threaded BLAS calls as the cube's and its adds are fp32
    /// adds, so the outputs must equal it bit for bit.
    public let goldenIsBitExact = true
    public let outputNames = ["C", "Z"]

    public func makeArgs(_ sceneCase: SceneCase, seed: UInt64) throws -> SceneArgs {
        try AlternatingMatmulAddInputs.makeArgs(sceneCase, seed: seed)
    }

    public func golden(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor] {
        try AlternatingMatmulAddGolden.compute(args, sceneCase)
    }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        AlternatingMatmulAddKernels.register(on: host)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try AlternatingMatmulAddOrchestration.run(orch, tensors: args.tensors, scalars: args.scalars)
    }
}
