import PTONumerics
import PTORuntime

/// paged_attention's orchestration (`aicpu_orchestration_entry`): per request (its context length read back from
/// `context_lens`) and head tile, a scope allocates the tile's accumulators (oi, li, mi) and, per KV block of the
/// request (its id read back from `block_table`), a nested scope submits QK (AIC) on views of the query tile and the
/// key block → SF (AIV) on the QK output narrowed to the block's valid tokens → PV (AIC) on the value block → UP (AIV)
/// into the accumulators and the tile's view of `out`. The TensorMap and the creator edges order the tasks.
public enum PagedAttentionExampleOrchestration {
    /// Submits the graph. `tensors` are `(query [batch, heads, dim], key_cache [blocks, block_size, 1, dim],
    /// value_cache, block_table [batch, block_num], context_lens [batch], out [batch, heads, dim])`; `scale` is the
    /// fp32 scalar's raw bits.
    public static func run(_ orch: Orchestrator, tensors t: [ChipTensor], scale: UInt64) throws {
        let batch = t[0].shape[0], numHeads = t[0].shape[1], headDim = t[0].shape[2], dtype = t[0].dtype
        let blockSize = t[1].shape[1], blockNum = t[3].shape[1]
        let qTile = min(numHeads, 128), qLoop = (numHeads + qTile - 1) / qTile
        let kvRows = t[1].shape[0] * blockSize
        let query = try ChipTensor(external: t[0].tensor, name: "query", shape: [batch * numHeads, headDim])
        let keyCache = try ChipTensor(external: t[1].tensor, name: "key_cache", shape: [kvRows, headDim])
        let valueCache = try ChipTensor(external: t[2].tensor, name: "value_cache", shape: [kvRows, headDim])
        let out = try ChipTensor(external: t[5].tensor, name: "out", shape: [batch * numHeads, headDim])
        let blockTable = try ChipTensor(external: t[3].tensor, name: "block_table", shape: [batch, blockNum])
        let contextLens = try ChipTensor(external: t[4].tensor, name: "context_lens", shape: [batch])
        let tile2d = TensorCreateInfo(shape: [qTile, headDim], name: "oi")
        let scalarInfo = TensorCreateInfo(shape: [qTile], name: "row_stat")
        let sijInfo = TensorCreateInfo(shape: [qTile, blockSize], name: "sij")
        let pijInfo = TensorCreateInfo(shape: [qTile, blockSize], dtype: dtype, name: "pij")
        for b in 0..<batch {
            let seq = Int(try orch.int32Value(contextLens, at: [b]))
            let blocks = (seq + blockSize - 1) / blockSize
            for qIdx in 0..<qLoop {
                try orch.scope {
                    let offset = b * numHeads + qIdx * qTile
                    let qi = try query.view(shape: [qTile, headDim], offsets: [offset, 0])
                    let outView = try out.view(shape: [qTile, headDim], offsets: [offset, 0])
                    let acc = try orch.allocTensors(tile2d, scalarInfo, scalarInfo)
                    let (oi, liUpdate, miUpdate) = (acc[0], acc[1], acc[2])
                    for bn in 0..<blocks {
                        try orch.scope {
                            let block = Int(try orch.int32Value(blockTable, at: [b, bn]))
                            let valid = min(blockSize, seq - bn * blockSize)
                            let kj = try keyCache.view(shape: [blockSize, headDim], offsets: [block * blockSize, 0])
                            let vj = try valueCache.view(shape: [blockSize, headDim], offsets: [block * blockSize, 0])

                            var qk = TaskArgs()
                            qk.addInput(qi, kj)
                            qk.addOutput(sijInfo)
                            let sij = try orch.submitAIC(PagedAttentionExampleKernels.qkMatmul, qk)[0]

                            var sf = TaskArgs()
                            sf.addInput(try sij.view(shape: [qTile, valid], offsets: [0, 0]))
                            sf.addOutput(pijInfo, scalarInfo, scalarInfo)
                            sf.addScalar(scale)
                            let sfOut = try orch.submitAIV(PagedAttentionExampleKernels.softmaxPrepare, sf)

                            var pv = TaskArgs()
                            pv.addInput(sfOut[0], vj)
                            pv.addOutput(tile2d)
                            let oiTmp = try orch.submitAIC(PagedAttentionExampleKernels.pvMatmul, pv)[0]

                            var up = TaskArgs()
                            up.addInput(sfOut[1], sfOut[2], oiTmp)
                            up.addInout(miUpdate, liUpdate, oi, outView)
                            up.addScalar(bn == 0 ? 1 : 0)
                            up.addScalar(bn == blocks - 1 ? 1 : 0)
                            try orch.submitAIV(PagedAttentionExampleKernels.onlineUpdate, up)
                        }
                    }
                }
            }
        }
    }
}
