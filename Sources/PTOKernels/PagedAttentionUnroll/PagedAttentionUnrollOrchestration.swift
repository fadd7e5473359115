import PTORuntime

/// The orchestration of simpler's `paged_attention_unroll` and `paged_attention_unroll_manual_scope`: for each
/// request and each q tile of up to 128 heads, one scope holding an `alloc_tensors` of the running (oi, li, mi) and,
/// per group of up to 64 KV blocks, four tasks — QK (AIC), softmax (AIV), PV (AIC), online update (AIV) — connected
/// by the runtime-allocated buffers sij_buf, pij_buf, mij, lij and oi_new.
///
/// In the auto scene the tensormap and the creator edges order the tasks. The manual-scope scene submits the same
/// tasks with the same arguments inside `PTO2_SCOPE(MANUAL)` and names every edge with `add_dep`: softmax after QK,
/// PV after softmax, update after PV, the first update after the allocation, each later update after the previous
/// one and the last one after the allocation too. The output rows are an untracked view (`manual_dep`) in both.
public struct PagedAttentionUnrollOrchestration: Sendable {
    /// Blocks per group (`N_UNROLL`).
    public static let blocksPerGroup = 64
    /// Most q rows one scope handles.
    public static let maxQTile = 128

    /// func_ids of the four kernels.
    public enum Kernel: Int, CaseIterable, Sendable {
        case qkMatmul = 0, softmaxPrepare = 1, pvMatmul = 2, onlineUpdate = 3
    }

    /// How the q tile's scopes find their dependencies.
    public let scopeMode: ScopeMode

    public init(scopeMode: ScopeMode) { self.scopeMode = scopeMode }

    /// Submits every task. `tensors`: query [batch, heads, dim] bf16, key_cache and value_cache
    /// [blocks, block_size, kv_heads, dim] bf16, block_table [batch, max_blocks] i32, context_lens [batch] i32,
    /// out [batch, heads, dim] fp32; `scale`: the fp32 scale's raw scalar bits.
    public func run(_ orch: Orchestrator, tensors t: [ChipTensor], scale: UInt64) throws {
        let batch = t[0].shape[0], heads = t[0].shape[1], dim = t[0].shape[2]
        let dtype = t[0].dtype
        let blockSize = t[1].shape[1], blockNum = t[3].shape[1], totalBlocks = t[1].shape[0]
        let qTile = min(heads, Self.maxQTile)
        let qLoop = (heads + qTile - 1) / qTile

        let query = try t[0].reshaped([batch * heads, dim])
        let keyCache = try t[1].reshaped([totalBlocks * blockSize, dim])
        let valueCache = try t[2].reshaped([totalBlocks * blockSize, dim])
        let out = try t[5].reshaped([batch * heads, dim])
        let blockTable = try t[3].reshaped([batch, blockNum])
        let contextLens = try t[4].reshaped([batch])

        for b in 0..<batch {
            let seq = Int(try orch.int32Value(contextLens, at: [b]))
            let blocksThisRequest = (seq + blockSize - 1) / blockSize
            for qIdx in 0..<qLoop {
                try orch.scope(scopeMode) {
                    let row = b * heads + qIdx * qTile
                    let qi = try query.view(shape: [qTile, dim], offsets: [row, 0])
                    let outView = try out.view(shape: [qTile, dim], offsets: [row, 0], manualDep: true)
                    let alloc = try orch.allocTensors(TensorCreateInfo(shape: [qTile, dim], name: "oi"),
                                                      TensorCreateInfo(shape: [qTile], name: "li_update"),
                                                      TensorCreateInfo(shape: [qTile], name: "mi_update"))
                    let (oi, liUpdate, miUpdate) = (alloc[0], alloc[1], alloc[2])
                    var previousUpdate: TaskID?
                    for bn in stride(from: 0, to: blocksThisRequest, by: Self.blocksPerGroup) {
                        let n = min(Self.blocksPerGroup, blocksThisRequest - bn)
                        let validLenLast = min(blockSize, seq - (bn + n - 1) * blockSize)
                        let btOffset = b * blockNum + bn
                        let manual = scopeMode == .manual

                        var qk = TaskArgs()
                        qk.addInput(qi, keyCache, blockTable)
                        qk.addOutput(TensorCreateInfo(shape: [qTile, n * blockSize], name: "sij_buf"))
                        qk.addScalar(n)
                        qk.addScalar(btOffset)
                        let qkOut = try orch.submitAIC(Kernel.qkMatmul.rawValue, qk)

                        var sf = TaskArgs()
                        sf.addInput(qkOut[0])
                        sf.addOutput(TensorCreateInfo(shape: [qTile, n * blockSize], dtype: dtype, name: "pij_buf"),
                                     TensorCreateInfo(shape: [qTile], name: "mij"),
                                     TensorCreateInfo(shape: [qTile], name: "lij"))
                        if manual { sf.addDependency(qkOut.taskID) }
                        sf.addScalar(scale)
                        sf.addScalar(n)
                        sf.addScalar(validLenLast)
                        let sfOut = try orch.submitAIV(Kernel.softmaxPrepare.rawValue, sf)

                        var pv = TaskArgs()
                        pv.addInput(sfOut[0], valueCache, blockTable)
                        pv.addOutput(TensorCreateInfo(shape: [qTile, dim], name: "oi_new"))
                        if manual { pv.addDependency(sfOut.taskID) }
                        pv.addScalar(n)
                        pv.addScalar(btOffset)
                        let pvOut = try orch.submitAIC(Kernel.pvMatmul.rawValue, pv)

                        let isFirst = bn == 0, isLast = bn + n >= blocksThisRequest
                        var up = TaskArgs()
                        up.addInput(sfOut[1], sfOut[2], pvOut[0])
                        up.addInout(miUpdate, liUpdate, oi, outView)
                        if manual {
                            up.addDependency(pvOut.taskID)
                            if isFirst { up.addDependency(alloc.taskID) }
                            if !isFirst, let previousUpdate {
                                up.addDependency(previousUpdate)
                                if isLast { up.addDependency(alloc.taskID) }
                            }
                        }
                        up.addScalar(isFirst ? 1 : 0)
                        up.addScalar(isLast ? 1 : 0)
                        previousUpdate = try orch.submitAIV(Kernel.onlineUpdate.rawValue, up).taskID
                    }
                }
            }
        }
    }
}
