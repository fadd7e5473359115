import PTOCore
import PTORuntime

/// `aic_pv_matmul` (func_id 2, AIC): oi_new = Σ_i P_i · V_i over the `n_blocks` KV blocks of one group, accumulated
/// in L0C (TMATMUL for the first block, TMATMUL_ACC after), then one TSTORE of the fp32 `qRows × headDim` result.
/// P_i (bf16 `qRows × blockSize`, from the softmax task) and V_i go through two L1 slots and two L0A/L0B slots
/// each: a three-stage MTE2 → MTE1 → M pipeline with forward events (ids 0/1 for P/V loaded, the slot id for L0
/// ready) and reverse events that start set and free a slot for its next load or move.
///
/// Arguments: tensors pij_buf, value_cache, block_table, oi_new; scalars n_blocks, block-table offset.
public struct UnrollPVMatmul: CoreProgram {
    let shape: UnrollTileShape
    let pij: ChipTensor
    let valueCache: GMBuffer
    let out: GMView
    let binder: GMBinder
    let blocks: [Int]
    var next = -1
    var tiles: (pMat: [Tile], vMat: [Tile], left: [Tile], right: [Tile], acc: Tile)?

    public init(_ block: BlockContext, _ binder: GMBinder) {
        pij = block.tensor(0)
        shape = .dispatch(qTileRows: pij.shape[0])
        self.binder = binder
        valueCache = binder.buffer(block.tensor(1))
        out = binder.view(block.tensor(3), element: 0, rows: shape.qRows, cols: shape.headDim,
                          rowStride: shape.headDim, .f32)
        blocks = UnrollBlockTable.ids(block.tensor(2), offset: block.int(1), count: block.int(0))
    }

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        // M = q rows, K = block size, N = head_dim.
        let m = shape.qRows, k = shape.blockSize, n = shape.headDim
        if next == -1 {
            let aBytes = m * k * 2, bBytes = k * n * 2
            tiles = (
                pMat: [try Tile.placed(core, .l1, m, k, .bf16, at: 0), try Tile.placed(core, .l1, m, k, .bf16, at: aBytes)],
                vMat: [try Tile.placed(core, .l1, k, n, .bf16, at: 2 * aBytes),
                       try Tile.placed(core, .l1, k, n, .bf16, at: 2 * aBytes + bBytes)],
                left: [try Tile.placed(core, .l0a, m, k, .bf16, at: 0), try Tile.placed(core, .l0a, m, k, .bf16, at: aBytes)],
                right: [try Tile.placed(core, .l0b, k, n, .bf16, at: 0), try Tile.placed(core, .l0b, k, n, .bf16, at: bBytes)],
                acc: try Tile.placed(core, .l0c, m, n, .f32, at: 0))
            for slot in 0..<2 { core.setFlag(.mte1, .mte2, slot, label: "aic.pv.l1-free") }
            for slot in 0..<2 { core.setFlag(.m, .mte1, slot, label: "aic.pv.l0-free") }
            next = 0
            return true
        }
        guard let t = tiles else { return false }
        let i = next
        if i < blocks.count {
            let cur = i % 2
            core.waitFlag(.mte1, .mte2, cur, label: "aic.pv.l1-free", detail: i)
            core.tload(t.pMat[cur], binder.view(pij, element: i * m * k, rows: m, cols: k, rowStride: k, .bf16),
                       label: "aic.pv.tload-p", detail: i)
            core.setFlag(.mte2, .mte1, 0, label: "aic.pv.p-ready", detail: i)
            core.tload(t.vMat[cur], GMView(valueCache, offset: blocks[i] * k * n * 2, rows: k, cols: n, rowStride: n, .bf16),
                       label: "aic.pv.tload-v", detail: i)
            core.setFlag(.mte2, .mte1, 1, label: "aic.pv.v-ready", detail: i)
            core.waitFlag(.m, .mte1, cur, label: "aic.pv.l0-free", detail: i)
            core.waitFlag(.mte2, .mte1, 0, label: "aic.pv.p-ready", detail: i)
            core.tmov(t.left[cur], t.pMat[cur], label: "aic.pv.tmov-p", detail: i)
            core.waitFlag(.mte2, .mte1, 1, label: "aic.pv.v-ready", detail: i)
            core.tmov(t.right[cur], t.vMat[cur], label: "aic.pv.tmov-v", detail: i)
            core.setFlag(.mte1, .mte2, cur, label: "aic.pv.l1-free", detail: i)
            core.setWaitFlag(.mte1, .m, cur, label: "aic.pv.l0-ready", detail: i)
            if i == 0 {
                core.tmatmul(t.acc, t.left[cur], t.right[cur], label: "aic.pv.tmatmul", detail: i)
            } else {
                core.tmatmulAcc(t.acc, t.left[cur], t.right[cur], label: "aic.pv.tmatmul-acc", detail: i)
            }
            core.setFlag(.m, .mte1, cur, label: "aic.pv.l0-free", detail: i)
            next += 1
            return true
        }
        if i == blocks.count {
            for slot in 0..<2 { core.waitFlag(.mte1, .mte2, slot, label: "aic.pv.l1-free") }
            for slot in 0..<2 { core.waitFlag(.m, .mte1, slot, label: "aic.pv.l0-free") }
            core.setWaitFlag(.m, .fix, 0, label: "aic.pv.m-fix")
            core.tstore(out, t.acc, label: "aic.pv.tstore-oi", detail: 0)
            core.setWaitFlag(.fix, .s, 7, label: "aic.pv.fix-s")
            next += 1
            return true
        }
        return false
    }
}
