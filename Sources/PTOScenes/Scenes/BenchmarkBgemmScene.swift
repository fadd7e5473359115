import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `benchmark_bgemm` (examples): a batch of tiled fp32 GEMMs whose K dimension is split `grid_k` ways;
/// each partial product is a GEMM task on an AIC writing a runtime-allocated buffer, added into C by an AIV task
/// that the tensormap serialises behind the group's previous add.
public struct BenchmarkBgemmScene: Scene {
    public init() {}

    public let name = "benchmark_bgemm"
    public let summary = "tiled fp32 GEMM with grid_k partial sums: AIC gemm tasks into runtime buffers, AIV add tasks "
        + "accumulating into C"

    /// The test file's cases, in its order.
    public var cases: [SceneCase] {
        func params(_ tasks: Int, _ edge: Int, _ loop: Int, _ gridK: Int) -> [(String, SceneCase.Value)] {
            [("matmul_add_task_num", .int(tasks)), ("incore_data_size", .int(edge)), ("incore_loop", .int(loop)),
             ("grid_k", .int(gridK))]
        }
        return [
            SceneCase(name: "Case0", params: params(500, 128, 4, 2),
                      note: "on-board table row: 250 groups of 2 partial products, 4 tiles of 128x128 per task"),
            SceneCase(name: "Case1", params: params(64, 128, 4, 2), manual: true),
            SceneCase(name: "Case2", params: params(256, 128, 4, 2), manual: true),
            SceneCase(name: "Case3", params: params(64, 128, 16, 2), manual: true),
            SceneCase(name: "Case4", params: params(64, 128, 4, 4), manual: true),
            SceneCase(name: "Bgemm64", params: params(32, 64, 1, 4), blockDim: 3,
                      note: "8 groups of 4 partial products, one 64x64 tile per task, on 3 clusters"),
        ]
    }

    public let tolerance = SceneTolerance(rtol: 1e-3, atol: 1e-3)
    /// The golden's products go through the same single-threaded BLAS calls as the cube's and its adds are fp32
    /// adds, so the outputs must equal it bit for bit.
    public let goldenIsBitExact = true
    public let outputNames = ["C"]

    public func makeArgs(_ sceneCase: SceneCase, seed: UInt64) throws -> SceneArgs {
        try BenchmarkBgemmInputs.makeArgs(sceneCase, seed: seed)
    }

    public func golden(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor] {
        try BenchmarkBgemmGolden.compute(args, sceneCase)
    }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        BenchmarkBgemmKernels.register(on: host)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try BenchmarkBgemmOrchestration.run(orch, tensors: args.tensors)
    }
}
