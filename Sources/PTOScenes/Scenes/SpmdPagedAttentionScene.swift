import PTOCases
import PTOGolden
import PTOKernels
import PTONumerics
import PTORuntime

/// simpler's `spmd_paged_attention` scene: one MixedKernels task (PA_AIC on the cube, PA_AIV on both vector lanes)
/// launched on 24 hardware blocks that stride over batch × q-tile logical blocks, the cores exchanging sij, pij and
/// oi through GM FIFOs. Inputs, golden and kernel are PTOSim's existing paged-attention ones; this type is the glue.
///
/// Variants: `events` (per-slot = PR #708, the default; shared = simpler's main before it) and `prefetch` (true =
/// #704's K/V prefetch, the default; false = the kernel PR #694's on-board table measured). Addable sync:
/// `pij-mte3-v`. Its exact reference is the kernel formulation (the kernel's own bf16/fp32 arithmetic in its order).
public struct SpmdPagedAttentionScene: Scene {
    public init() {}

    public let name = "spmd_paged_attention"
    public let summary = "paged attention as one MIX task: AIC QK/PV and two AIV softmax lanes per cluster, 24 SPMD blocks"
    /// The test file's RTOL/ATOL.
    public let tolerance = SceneTolerance(rtol: 2e-3, atol: 2e-3)
    public let outputNames = ["out"]

    public var cases: [SceneCase] {
        PagedAttentionCases.all.map { c in
            let p = c.params
            return SceneCase(name: c.name, params: [
                ("batch", .int(p.batch)), ("num_heads", .int(p.numHeads)), ("kv_head_num", .int(p.kvHeads)),
                ("head_dim", .int(p.headDim)), ("block_size", .int(p.blockSize)), ("context_len", .int(p.maxContextLen)),
                ("max_model_len", .int(p.maxModelLen)), ("dtype", .string("bfloat16")),
            ], aicpuThreads: 4, blockDim: PAConfig.hardwareBlocks, manual: c.name == "Case2", note: c.purpose)
        }
    }

    public var variants: [SceneVariant] {
        [SceneVariant(name: "events", values: EventScheme.allCases.reversed().map(\.rawValue),
                      summary: "AIC event scheme: per-slot (PR #708) or shared (simpler's main before #708)"),
         SceneVariant(name: "prefetch", values: ["true", "false"],
                      summary: "K/V prefetch into the other L1 slot (#704); false loads each block in its own step")]
    }

    public var addableSyncs: [(name: String, orders: String)] {
        [("pij-mte3-v", "MTE3→V after TPUSH(pij) on each AIV (the trial fix for hazard H13)")]
    }

    /// The paged-attention parameters of `c` (the golden's validation applies: one-line `CaseError`).
    public func params(_ c: SceneCase) throws -> PagedAttentionParams {
        let dtype = (c.value("dtype")?.description) ?? "bfloat16"
        guard dtype == "bfloat16" else {
            throw CaseError(.invalidParameter, "case \(c.name): dtype \(dtype) is not supported (bfloat16 only)")
        }
        let batch = try c.int("batch")
        let lens: [Int]
        if c.value("context_lens_list") != nil { lens = try c.ints("context_lens_list") }
        else { lens = Array(repeating: try c.int("context_len"), count: max(0, batch)) }
        var p = PagedAttentionParams(batch: batch, numHeads: try c.int("num_heads"), kvHeads: try c.int("kv_head_num"),
                                     headDim: try c.int("head_dim"), blockSize: try c.int("block_size"),
                                     contextLens: lens, maxModelLen: try c.int("max_model_len"))
        if c.value("scale") != nil { p.scale = Float(try c.double("scale")) }
        try p.validate()
        return p
    }

    public func makeArgs(_ c: SceneCase, seed: UInt64) throws -> SceneArgs {
        args(try PagedAttentionInputs.generate(params(c), seed: seed))
    }

    /// A case with `p`'s parameters, named `name` (for inputs that come from elsewhere: a file, custom options).
    public func sceneCase(_ p: PagedAttentionParams, name: String) -> SceneCase {
        SceneCase(name: name, params: [
            ("batch", .int(p.batch)), ("num_heads", .int(p.numHeads)), ("kv_head_num", .int(p.kvHeads)),
            ("head_dim", .int(p.headDim)), ("block_size", .int(p.blockSize)), ("context_lens_list", .ints(p.contextLens)),
            ("max_model_len", .int(p.maxModelLen)), ("dtype", .string("bfloat16")), ("scale", .double(Double(p.scale))),
        ], aicpuThreads: 4, blockDim: PAConfig.hardwareBlocks)
    }

    /// The scene's arguments over existing inputs (`out` allocated afresh).
    public func args(_ inputs: PagedAttentionInputs) -> SceneArgs {
        var a = SceneArgs()
        a.add("query", inputs.query)
        a.add("key_cache", inputs.keyCache)
        a.add("value_cache", inputs.valueCache)
        a.add("block_table", inputs.blockTable)
        a.add("context_lens", inputs.contextLens)
        let p = inputs.params
        a.add("out", Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim]))
        a.add("scale", float: inputs.scale)
        return a
    }

    /// The arguments as the paged-attention inputs PTOGolden reads.
    func inputs(_ args: SceneArgs, _ c: SceneCase) throws -> PagedAttentionInputs {
        try PagedAttentionInputs(params: params(c), query: args.tensor("query"), keyCache: args.tensor("key_cache"),
                                 valueCache: args.tensor("value_cache"), blockTable: args.tensor("block_table"),
                                 contextLens: args.tensor("context_lens"))
    }

    public func golden(_ args: SceneArgs, _ c: SceneCase) throws -> [String: Tensor] {
        ["out": PagedAttentionReference.golden(try inputs(args, c))]
    }

    public func exactReference(_ args: SceneArgs, _ c: SceneCase) throws -> [String: Tensor]? {
        ["out": PagedAttentionReference.kernel(try inputs(args, c))]
    }

    public func registerKernels(on host: KernelHost, _ c: SceneCase, options: SceneOptions) throws {
        let scheme = EventScheme(rawValue: variant("events", in: options)) ?? .perSlot
        let plan = SyncPlan(scheme: scheme, added: options.addedSyncs,
                            prefetchKV: variant("prefetch", in: options) != "false")
        PagedAttentionKernel.register(on: host, plan: plan)
    }

    public func orchestrate(_ orch: Orchestrator, _ args: OrchestrationArgs, _ c: SceneCase) throws {
        try PagedAttentionKernel.submit(orch, query: args.tensor(0), keyCache: args.tensor(1),
                                        valueCache: args.tensor(2), blockTable: args.tensor(3),
                                        contextLens: args.tensor(4), out: args.tensor(5), scale: args.float(0))
    }
}
