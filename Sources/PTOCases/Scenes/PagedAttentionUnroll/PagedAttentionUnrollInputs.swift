import PTONumerics

/// Inputs of the two paged-attention unroll scenes, from simpler's shared paged-attention golden module
/// (`generate_inputs`): query, key_cache, value_cache, block_table, context_lens, a zeroed fp32 `out` and the scalar
/// `scale` (1.0), with that module's distributions (drawn by `PagedAttentionInputs.generate`, PTOSim's seeded
/// generator).
public enum PagedAttentionUnrollInputs {
    /// The case parameters as `PagedAttentionParams`, checked against the golden module's rules (context_len ≥ 1,
    /// one KV head, bfloat16) and the shapes PTOSim's paged-attention generator supports.
    public static func params(_ c: SceneCase) throws -> PagedAttentionParams {
        let dtype = (c.value("dtype").map { "\($0)" }) ?? "bfloat16"
        guard dtype == "bfloat16" else {
            throw CaseError(.invalidParameter, "case \(c.name): dtype \(dtype) is not supported (the kernels are bfloat16)")
        }
        let contextLen = try c.int("context_len")
        guard contextLen >= 1 else {
            throw CaseError(.invalidParameter, "case \(c.name): context_len must be >= 1 (got \(contextLen))")
        }
        let p = PagedAttentionParams(batch: try c.int("batch"), numHeads: try c.int("num_heads"),
                                     kvHeads: try c.int("kv_head_num"), headDim: try c.int("head_dim"),
                                     blockSize: try c.int("block_size"), contextLen: contextLen,
                                     maxModelLen: try c.int("max_model_len"), scale: 1.0)
        do { try p.validate() } catch { throw CaseError(error.kind, "case \(c.name): \(error.description)") }
        return p
    }

    /// The scene's arguments for `c` under `seed`, in the orchestration's order.
    public static func makeArgs(_ c: SceneCase, seed: UInt64) throws -> SceneArgs {
        let inputs = try PagedAttentionInputs.generate(try params(c), seed: seed)
        return args(inputs)
    }

    /// Arguments holding `inputs` and a zeroed output.
    public static func args(_ inputs: PagedAttentionInputs) -> SceneArgs {
        let p = inputs.params
        var a = SceneArgs()
        a.add("query", inputs.query)
        a.add("key_cache", inputs.keyCache)
        a.add("value_cache", inputs.valueCache)
        a.add("block_table", inputs.blockTable)
        a.add("context_lens", inputs.contextLens)
        a.add("out", Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim]))
        a.add("scale", float: p.scale)
        return a
    }

    /// The inputs back out of `args` (checked again, so a golden can index them safely).
    public static func inputs(_ args: SceneArgs, _ c: SceneCase) throws -> PagedAttentionInputs {
        try PagedAttentionInputs(params: try params(c), query: try args.tensor("query"),
                                 keyCache: try args.tensor("key_cache"), valueCache: try args.tensor("value_cache"),
                                 blockTable: try args.tensor("block_table"),
                                 contextLens: try args.tensor("context_lens"))
    }
}
