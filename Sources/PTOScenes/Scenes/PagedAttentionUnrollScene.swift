import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `paged_attention_unroll` (tests/st) and `paged_attention_unroll_manual_scope` (examples): paged
/// attention with the KV blocks of each request unrolled into groups of up to 64, four single-core tasks per group
/// (QK on an AIC, softmax on an AIV, PV on an AIC, online update on an AIV), one scope per request and q tile.
/// Both scenes share their kernels, cases, golden and tolerance; the manual-scope one opens its scopes as
/// `PTO2ScopeMode::MANUAL` and orders the tasks with explicit dependencies instead of the tensormap. Inputs and
/// golden: simpler's common paged-attention golden module (`PagedAttentionGoldenModuleScene`), as for
/// `batch_paged_attention` and `paged_attention`.
public struct PagedAttentionUnrollScene: PagedAttentionGoldenModuleScene {
    /// How the orchestration's scopes find dependencies.
    public let scopeMode: ScopeMode

    public init(scopeMode: ScopeMode = .auto) { self.scopeMode = scopeMode }

    public var name: String {
        scopeMode == .manual ? "paged_attention_unroll_manual_scope" : "paged_attention_unroll"
    }

    public var summary: String {
        scopeMode == .manual
            ? "paged attention, KV blocks unrolled 64 per group, 4 AIC/AIV tasks per group in manual scopes with explicit dependencies"
            : "paged attention, KV blocks unrolled 64 per group, 4 AIC/AIV tasks per group ordered by the tensormap"
    }

    /// The test files' cases (both scenes declare the same three).
    public var cases: [SceneCase] {
        func params(batch: Int, heads: Int, dim: Int, block: Int) -> [(String, SceneCase.Value)] {
            Self.params(batch: batch, heads: heads, dim: dim, block: block, context: 8192, maxModelLen: 32768)
        }
        return [
            SceneCase(name: "Case1", params: params(batch: 256, heads: 16, dim: 128, block: 128)),
            SceneCase(name: "Case2", params: params(batch: 64, heads: 64, dim: 128, block: 64), manual: true),
            SceneCase(name: "Case3", params: params(batch: 64, heads: 64, dim: 256, block: 64), manual: true,
                      note: "fails its golden on hardware too (inferred from the kernels): they dispatch on q_tile "
                          + "only and run their 64-row, head_dim-128 instance on 256-wide rows"),
        ]
    }

    public let tolerance = SceneTolerance(rtol: 1e-3, atol: 1e-3)

    /// The instances the kernels' .cpp files are compiled for (q_tile × head_dim × block_size).
    public var kernelTileShapes: [KernelTileShape] { [KernelTileShape(16, 128, 128), KernelTileShape(64, 128, 64)] }

    /// The unroll kernels' own arithmetic (`PagedAttentionUnrollKernelFormulation`). Exact only for cases whose
    /// shapes the kernels' tiles match (16 × 128 × 128 or 64 × 128 × 64).
    public func kernelFormulation(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> Tensor {
        try PagedAttentionUnrollKernelFormulation.out(args, scale: PagedAttentionSceneParams(sceneCase).scale)
    }

    /// Both scope modes share the kernels, hence their arithmetic.
    public func exactReferenceKey(_ sceneCase: SceneCase) throws -> String? {
        "PagedAttentionUnrollKernelFormulation \(try PagedAttentionSceneParams(sceneCase))"
    }

    public func registerKernels(on host: KernelHost, _ sceneCase: SceneCase, options: SceneOptions) throws {
        PagedAttentionUnrollKernels.register(on: host)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ sceneCase: SceneCase) throws {
        try PagedAttentionUnrollOrchestration(scopeMode: scopeMode).run(orch, tensors: args.tensors,
                                                                        scale: args.scalars[0])
    }
}
