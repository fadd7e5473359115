import PTOCases
import PTOGolden
import PTONumerics

/// A scene whose simpler test imports the common paged-attention golden module (`batch_paged_attention`,
/// `paged_attention`, `paged_attention_unroll` and its manual-scope variant). The module's input generation and
/// golden are written once, here, for all of them: arguments from `PagedAttentionSceneInputs`, `out` from
/// `PagedAttentionSceneGolden`, both reading the case through `PagedAttentionSceneParams`. What differs per scene
/// (cases, tolerance, kernels, orchestration, the kernels' own arithmetic) stays with the scene.
public protocol PagedAttentionGoldenModuleScene: Scene {
    /// `out` as the scene's kernels compute it, operation for operation (PTOGolden), for the bit-exact check; exact
    /// only for cases whose shapes the kernels' tiles match.
    func kernelFormulation(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> Tensor
    /// The (q_tile, head_dim, block_size) tile shapes the scene's kernels are built for. A case of another shape
    /// still runs (the kernels pick their tiles as the chip's would, and the output fails its golden), but has no
    /// exact reference.
    var kernelTileShapes: [KernelTileShape] { get }
}

/// One tile shape a paged-attention kernel instance is compiled for.
public struct KernelTileShape: Sendable, Equatable {
    public let qTile: Int, headDim: Int, blockSize: Int
    public init(_ qTile: Int, _ headDim: Int, _ blockSize: Int) {
        self.qTile = qTile
        self.headDim = headDim
        self.blockSize = blockSize
    }
}

extension PagedAttentionGoldenModuleScene {
    public var outputNames: [String] { ["out"] }

    public func makeArgs(_ sceneCase: SceneCase, seed: UInt64) throws -> SceneArgs {
        try PagedAttentionSceneInputs.make(PagedAttentionSceneParams(sceneCase), seed: seed)
    }

    public func golden(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor] {
        ["out": try PagedAttentionSceneGolden.out(args, PagedAttentionSceneParams(sceneCase))]
    }

    /// Every scene of the module draws its arguments with the same generator from the case's module parameters and
    /// the seed, and its runs write only `out`.
    public func argumentsKey(_ sceneCase: SceneCase, seed: UInt64) throws -> String? {
        "PagedAttentionSceneInputs \(try PagedAttentionSceneParams(sceneCase)) seed \(seed)"
    }

    /// Every scene of the module has the module's golden.
    public func goldenKey(_ sceneCase: SceneCase) throws -> String? {
        "PagedAttentionSceneGolden \(try PagedAttentionSceneParams(sceneCase))"
    }

    /// The kernel formulation, for cases whose shape one of the kernels' instances matches.
    public func exactReference(_ args: SceneArgs, _ sceneCase: SceneCase) throws -> [String: Tensor]? {
        let p = try PagedAttentionSceneParams(sceneCase)
        guard kernelTileShapes.contains(KernelTileShape(p.qTile, p.headDim, p.blockSize)) else { return nil }
        return ["out": try kernelFormulation(args, sceneCase)]
    }

    /// A case's parameters in the module's names and order (`context_lens_list` only when given).
    static func params(batch: Int, heads: Int, dim: Int, block: Int, context: Int, maxModelLen: Int,
                       lens: [Int]? = nil) -> [(String, SceneCase.Value)] {
        var p: [(String, SceneCase.Value)] = [("batch", .int(batch)), ("num_heads", .int(heads)), ("kv_head_num", .int(1)),
                                             ("head_dim", .int(dim)), ("block_size", .int(block)),
                                             ("context_len", .int(context))]
        if let lens { p.append(("context_lens_list", .ints(lens))) }
        p += [("max_model_len", .int(maxModelLen)), ("dtype", .string("bfloat16"))]
        return p
    }
}
