import PTONumerics
import PTORuntime

/// batch_paged_attention's orchestration (`aicpu_orchestration_entry`): the batch is cut into chunks of 16 requests;
/// per head tile and chunk, a scope allocates the chunk's accumulators (oi, li, mi), and per block index up to the
/// longest request's block count a nested scope submits QK (AIC) → SF (AIV) → PV (AIC) → UP (AIV), each task covering
/// the whole chunk. The dependencies come from the TensorMap and the creator edges of the runtime-allocated
/// intermediates; `out` is registered with manual dependencies (the TensorMap does not track it), as in simpler.
public enum BatchPagedAttentionOrchestration {
    /// Requests per task (`IN_CORE_BATCH`).
    public static let inCoreBatch = 16

    /// Submits the graph. `tensors` are `(query [batch, heads, dim], key_cache [blocks, block_size, 1, dim],
    /// value_cache, block_table [batch, block_num], context_lens [batch], out [batch, heads, dim])`; `scale` is the
    /// fp32 scalar's raw bits.
    public static func run(_ orch: Orchestrator, tensors t: [ChipTensor], scale: UInt64) throws {
        let batch = t[0].shape[0], numHeads = t[0].shape[1], headDim = t[0].shape[2], dtype = t[0].dtype
        let blockSize = t[1].shape[1], blockNum = t[3].shape[1]
        let qTile = min(numHeads, 128), qLoop = (numHeads + qTile - 1) / qTile
        let blockTable = try ChipTensor(external: t[3].tensor, name: "block_table", shape: [batch, blockNum])
        let contextLens = try ChipTensor(external: t[4].tensor, name: "context_lens", shape: [batch])
        var maxBlocks = 0
        for b in 0..<batch {
            let seq = Int(try orch.int32Value(contextLens, at: [b]))
            maxBlocks = max(maxBlocks, (seq + blockSize - 1) / blockSize)
        }
        let kvRows = t[1].shape[0] * blockSize
        let query = try ChipTensor(external: t[0].tensor, name: "query", shape: [batch * numHeads, headDim])
        let keyCache = try ChipTensor(external: t[1].tensor, name: "key_cache", shape: [kvRows, headDim])
        let valueCache = try ChipTensor(external: t[2].tensor, name: "value_cache", shape: [kvRows, headDim])
        let out = try ChipTensor(external: t[5].tensor, name: "out", shape: [batch * numHeads, headDim], manualDep: true)
        let chunks = (batch + inCoreBatch - 1) / inCoreBatch
        for qIdx in 0..<qLoop {
            let qOffset = qIdx * qTile
            for chunk in 0..<chunks {
                let count = min(inCoreBatch, batch - chunk * inCoreBatch), batchStart = chunk * inCoreBatch
                try orch.scope {
                    let rows = count * qTile
                    let acc = try orch.allocTensors(TensorCreateInfo(shape: [rows, headDim], name: "oi_batch"),
                                                    TensorCreateInfo(shape: [rows], name: "li_batch"),
                                                    TensorCreateInfo(shape: [rows], name: "mi_batch"))
                    let (oiBatch, liBatch, miBatch) = (acc[0], acc[1], acc[2])
                    let sijInfo = TensorCreateInfo(shape: [rows, blockSize], name: "sij")
                    let pijInfo = TensorCreateInfo(shape: [rows, blockSize], dtype: dtype, name: "pij")
                    let vecInfo = TensorCreateInfo(shape: [rows], name: "row_stat")
                    let oiNewInfo = TensorCreateInfo(shape: [rows, headDim], name: "oi_new")
                    for bn in 0..<maxBlocks {
                        try orch.scope {
                            var qk = TaskArgs()
                            qk.addInput(query, keyCache, blockTable)
                            qk.addOutput(sijInfo)
                            for s in [count, bn, qOffset, blockNum, numHeads, batchStart] { qk.addScalar(s) }
                            let sij = try orch.submitAIC(BatchPagedAttentionKernels.qkMatmul, qk)[0]

                            var sf = TaskArgs()
                            sf.addInput(sij, contextLens)
                            sf.addOutput(pijInfo, vecInfo, vecInfo)
                            sf.addScalar(scale)
                            for s in [count, bn, batchStart] { sf.addScalar(s) }
                            let sfOut = try orch.submitAIV(BatchPagedAttentionKernels.softmaxPrepare, sf)

                            var pv = TaskArgs()
                            pv.addInput(sfOut[0], valueCache, blockTable)
                            pv.addOutput(oiNewInfo)
                            for s in [count, bn, blockNum, batchStart] { pv.addScalar(s) }
                            let oiNew = try orch.submitAIC(BatchPagedAttentionKernels.pvMatmul, pv)[0]

                            var up = TaskArgs()
                            up.addInput(sfOut[1], sfOut[2], oiNew)
                            up.addInout(miBatch, liBatch, oiBatch, out)
                            for s in [bn == 0 ? 1 : 0, bn == maxBlocks - 1 ? 1 : 0, count, qOffset, numHeads, batchStart] {
                                up.addScalar(s)
                            }
                            try orch.submitAIV(BatchPagedAttentionKernels.onlineUpdate, up)
                        }
                    }
                }
            }
        }
    }
}
