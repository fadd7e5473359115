import PTONumerics

/// The arguments the common paged-attention golden module generates, in its order: `query [batch, num_heads,
/// head_dim]` bf16 ~ U(−0.5, 0.5), `key_cache [total_blocks, block_size, kv_head_num, head_dim]` bf16 ~ U(−0.5, 0.5),
/// `value_cache` (same shape) bf16 ~ U(−1, 1), `block_table [batch, max_model_len / block_size]` int32 uniform on
/// [0, total_blocks), `context_lens [batch]` int32, `out [batch, num_heads, head_dim]` fp32 zeros, then the scalar
/// `scale` (fp32 1.0).
///
/// The values come from PTOSim's seeded `CounterRNG` (torch's generator cannot be reproduced); the distributions and
/// the bf16 rounding (nearest-even, as `.to(bfloat16)`) are the golden's.
public enum PagedAttentionSceneInputs {
    /// `CounterRNG` streams of the generated tensors.
    enum Stream: UInt64 { case query = 11, keyCache = 12, valueCache = 13, blockTable = 14 }

    /// Generates the arguments of `p` from `seed`.
    public static func make(_ p: PagedAttentionSceneParams, seed: UInt64) throws -> SceneArgs {
        try MemoryEstimate([.init("inputs and output", p.byteCount)]).check(what: "generating the inputs")
        let cacheShape = [p.totalBlocks, p.blockSize, p.kvHeadNum, p.headDim]
        let query = Tensor(dtype: .bf16, shape: [p.batch, p.numHeads, p.headDim])
        let keyCache = Tensor(dtype: .bf16, shape: cacheShape)
        let valueCache = Tensor(dtype: .bf16, shape: cacheShape)
        let blockTable = Tensor(dtype: .i32, shape: [p.batch, p.maxBlocksPerRequest])
        let contextLens = Tensor(dtype: .i32, shape: [p.batch])
        let out = Tensor(dtype: .f32, shape: [p.batch, p.numHeads, p.headDim])
        let fills: [(Tensor, Stream, Float, Float)] = [(query, .query, -0.5, 0.5), (keyCache, .keyCache, -0.5, 0.5),
                                                       (valueCache, .valueCache, -1, 1)]
        let chunk = 1 << 20
        let items = fills.flatMap { f in stride(from: 0, to: f.0.count, by: chunk).map { (f, $0) } }
        Parallel.forEach(items.count, workers: Parallel.defaultWorkers) { i, _ in
            let ((tensor, stream, low, high), start) = items[i]
            CounterRNG(seed: seed, stream: stream.rawValue)
                .fillUniformBF16(tensor.bf16 + start, count: min(chunk, tensor.count - start), firstElement: start,
                                 low: low, high: high)
        }
        CounterRNG(seed: seed, stream: Stream.blockTable.rawValue)
            .fillIntegers(blockTable.i32, count: blockTable.count, firstElement: 0, below: UInt32(max(p.totalBlocks, 1)))
        for (b, len) in p.contextLens.enumerated() { contextLens.i32[b] = Int32(len) }
        var args = SceneArgs()
        args.add("query", query)
        args.add("key_cache", keyCache)
        args.add("value_cache", valueCache)
        args.add("block_table", blockTable)
        args.add("context_lens", contextLens)
        args.add("out", out)
        args.add("scale", float: p.scale)
        return args
    }
}
