import PTONumerics

/// simpler's multi-task (non-SPMD) paged attention on the emulated runtime (the tensormap_and_ringbuffer
/// `paged_attention` example): for every batch row and tile of query heads, and every KV block of its context, a QK
/// task (AIC), a softmax task (AIV), a PV task (AIC) and an online-update task (AIV), chained only through
/// runtime-allocated intermediates and INOUT accumulators — the dependency machinery on a real graph.
///
/// The four task bodies are computed on the host in plain Swift (bf16 operands widened to fp32, matmuls through
/// `PTONumerics.Matmul`), with the chip kernels' numerics where they matter: scores are scaled after masking, `pij`
/// is rounded to bf16 ties-away (`CAST_ROUND`) and the row sum is taken over the rounded values.
public enum PagedAttentionTaskGraph {
    /// Kernel ids, as in the example's `incores` list.
    public static let qkKernel = 0, softmaxKernel = 1, pvKernel = 2, updateKernel = 3

    /// The example's inputs in their original shapes.
    public struct Inputs: Sendable {
        /// [batch, heads, head_dim] bf16.
        public var query: Tensor
        /// [total_blocks, block_size, 1, head_dim] bf16.
        public var keyCache: Tensor
        /// [total_blocks, block_size, 1, head_dim] bf16.
        public var valueCache: Tensor
        /// [batch, max_blocks_per_request] i32.
        public var blockTable: Tensor
        /// [batch] i32.
        public var contextLens: Tensor
        /// Softmax scale.
        public var scale: Float

        public init(query: Tensor, keyCache: Tensor, valueCache: Tensor, blockTable: Tensor, contextLens: Tensor,
                    scale: Float) {
            self.query = query
            self.keyCache = keyCache
            self.valueCache = valueCache
            self.blockTable = blockTable
            self.contextLens = contextLens
            self.scale = scale
        }
    }

    /// The four task bodies under their kernel ids.
    public static func kernels() -> KernelRegistry {
        var r = KernelRegistry()
        r.register(qkKernel, PagedAttentionTaskKernels.qk)
        r.register(softmaxKernel, PagedAttentionTaskKernels.softmax)
        r.register(pvKernel, PagedAttentionTaskKernels.pv)
        r.register(updateKernel, PagedAttentionTaskKernels.update)
        return r
    }

    /// Submits the graph computing `out` ([batch, heads, head_dim] fp32) from `inputs`.
    public static func orchestrate(_ orch: Orchestrator, _ inputs: Inputs, out: Tensor) throws {
        let q = inputs.query, kc = inputs.keyCache
        guard q.shape.count == 3, kc.shape.count == 4, kc.shape[2] == 1, inputs.valueCache.shape == kc.shape,
              kc.shape[3] == q.shape[2], out.shape == q.shape, out.dtype == .f32, inputs.blockTable.shape.count == 2,
              inputs.contextLens.shape == [q.shape[0]], inputs.blockTable.shape[0] == q.shape[0] else {
            throw RuntimeError.invalidTensor("paged attention inputs: query \(q.shape), key/value cache \(kc.shape) "
                + "and \(inputs.valueCache.shape), block table \(inputs.blockTable.shape), context lens "
                + "\(inputs.contextLens.shape), out \(out.shape) do not fit together (one KV head)")
        }
        let (batch, heads, headDim) = (q.shape[0], q.shape[1], q.shape[2])
        let (totalBlocks, blockSize) = (kc.shape[0], kc.shape[1])
        let qTile = min(heads, 128)
        let qLoop = (heads + qTile - 1) / qTile

        // Flattened 2-D views, as the orchestration builds them from the entry arguments.
        let query = try ChipTensor(external: q, name: "query", shape: [batch * heads, headDim])
        let keyCache = try ChipTensor(external: kc, name: "key_cache", shape: [totalBlocks * blockSize, headDim])
        let valueCache = try ChipTensor(external: inputs.valueCache, name: "value_cache",
                                        shape: [totalBlocks * blockSize, headDim])
        let output = try ChipTensor(external: out, name: "out", shape: [batch * heads, headDim])
        let blockTable = try ChipTensor(external: inputs.blockTable, name: "block_table")
        let contextLens = try ChipTensor(external: inputs.contextLens, name: "context_lens")

        let tile = TensorCreateInfo(shape: [qTile, headDim], name: "oi")
        let rowScalars = TensorCreateInfo(shape: [qTile], name: "row_scalars")
        let scores = TensorCreateInfo(shape: [qTile, blockSize], name: "sij")
        let probabilities = TensorCreateInfo(shape: [qTile, blockSize], dtype: .bf16, name: "pij")

        for b in 0..<batch {
            let contextLen = Int(try orch.int32Value(contextLens, at: [b]))
            let blocks = (contextLen + blockSize - 1) / blockSize
            for qi in 0..<qLoop {
                try orch.scope {
                    let row = b * heads + qi * qTile
                    let queryTile = try query.view(shape: [qTile, headDim], offsets: [row, 0])
                    let outTile = try output.view(shape: [qTile, headDim], offsets: [row, 0])
                    let acc = try orch.allocTensors(tile, rowScalars, rowScalars)
                    let (oi, liUpdate, miUpdate) = (acc[0], acc[1], acc[2])
                    for bn in 0..<blocks {
                        try orch.scope {
                            let block = Int(try orch.int32Value(blockTable, at: [b, bn]))
                            guard (0..<totalBlocks).contains(block) else {
                                throw RuntimeError.invalidTensor("block_table[\(b), \(bn)] = \(block) is outside "
                                    + "0..<\(totalBlocks)")
                            }
                            let validLen = min(blockSize, contextLen - bn * blockSize)
                            let kj = try keyCache.view(shape: [blockSize, headDim], offsets: [block * blockSize, 0])
                            let vj = try valueCache.view(shape: [blockSize, headDim], offsets: [block * blockSize, 0])

                            var qk = TaskArgs()
                            qk.addInput(queryTile, kj)
                            qk.addOutput(scores)
                            let sij = try orch.submitAIC(qkKernel, qk)[0]

                            var sf = TaskArgs()
                            sf.addInput(try sij.view(shape: [qTile, validLen], offsets: [0, 0]))
                            sf.addOutput(probabilities, rowScalars, rowScalars)
                            sf.addScalar(inputs.scale)
                            let softmax = try orch.submitAIV(softmaxKernel, sf)

                            var pv = TaskArgs()
                            pv.addInput(softmax[0], vj)
                            pv.addOutput(tile)
                            let oiNew = try orch.submitAIC(pvKernel, pv)[0]

                            var up = TaskArgs()
                            up.addInput(softmax[1], softmax[2], oiNew)
                            up.addInout(miUpdate, liUpdate, oi, outTile)
                            up.addScalar(bn == 0 ? 1 : 0)
                            up.addScalar(bn == blocks - 1 ? 1 : 0)
                            try orch.submitAIV(updateKernel, up)
                        }
                    }
                }
            }
        }
    }
}
