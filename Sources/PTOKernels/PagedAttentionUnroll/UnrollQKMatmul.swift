import PTOCore
import PTORuntime

/// `aic_qk_matmul` (func_id 0, AIC): S_i = qi · K_iᵀ for the `n_blocks` KV blocks of one group, each written as an
/// fp32 `qRows × blockSize` tile stacked in `sij_buf`. The q tile is loaded into L1 once; K blocks go through two L1
/// slots (0x20000 and the next K tile), the next block prefetched while the current one is multiplied; L0A, L0B and
/// L0C each hold one tile at address 0, so every block ends with a full pipe barrier.
///
/// Arguments: tensors qi, key_cache, block_table, sij_buf; scalars n_blocks, block-table offset.
public struct UnrollQKMatmul: CoreProgram {
    let shape: UnrollTileShape
    let qi: GMView
    let keyCache: GMBuffer
    let sij: ChipTensor
    let binder: GMBinder
    /// Cache block ids of the group, read from the block table by the scalar unit.
    let blocks: [Int]
    var next = -1
    var tiles: (qMat: Tile, kMat: [Tile], left: Tile, right: Tile, acc: Tile)?

    public init(_ block: BlockContext, _ binder: GMBinder) {
        let qi = block.tensor(0)
        shape = .dispatch(qTileRows: qi.shape[0])
        self.binder = binder
        self.qi = binder.view(qi, element: 0, rows: shape.qRows, cols: shape.headDim, rowStride: shape.headDim, .bf16)
        keyCache = binder.buffer(block.tensor(1))
        sij = block.tensor(3)
        blocks = UnrollBlockTable.ids(block.tensor(2), offset: block.int(1), count: block.int(0))
    }

    func kView(_ i: Int) -> GMView {
        // The K block is stored blockSize × headDim; its rows become the columns of the headDim × blockSize tile.
        GMView(keyCache, offset: blocks[i] * shape.blockSize * shape.headDim * 2, rows: shape.blockSize,
               cols: shape.headDim, rowStride: shape.headDim, .bf16)
    }

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        let m = shape.qRows, k = shape.headDim, n = shape.blockSize
        if next == -1 {
            let kBytes = k * n * 2
            let qMat = try Tile.placed(core, .l1, m, k, .bf16, at: 0)
            let kMat = [try Tile.placed(core, .l1, k, n, .bf16, .colMajor, at: 0x20000),
                        try Tile.placed(core, .l1, k, n, .bf16, .colMajor, at: 0x20000 + kBytes)]
            tiles = (qMat, kMat, try Tile.placed(core, .l0a, m, k, .bf16, at: 0),
                     try Tile.placed(core, .l0b, k, n, .bf16, .colMajor, at: 0),
                     try Tile.placed(core, .l0c, m, n, .f32, at: 0))
            core.tload(qMat, qi, label: "aic.qk.tload-q", detail: 0)
            if !blocks.isEmpty { core.tload(kMat[0], kView(0), label: "aic.qk.tload-k", detail: 0) }
            next = 0
            return true
        }
        guard let t = tiles else { return false }
        let i = next
        if i < blocks.count {
            core.setWaitFlag(.mte2, .mte1, 0, label: "aic.qk.mte2-mte1", detail: i)
            core.tmov(t.left, t.qMat, label: "aic.qk.tmov-q", detail: i)
            core.tmov(t.right, t.kMat[i % 2], label: "aic.qk.tmov-k", detail: i)
            if i + 1 < blocks.count {
                core.tload(t.kMat[(i + 1) % 2], kView(i + 1), label: "aic.qk.prefetch-k", detail: i + 1)
            }
            core.setWaitFlag(.mte1, .m, 0, label: "aic.qk.mte1-m", detail: i)
            core.tmatmul(t.acc, t.left, t.right, label: "aic.qk.tmatmul", detail: i)
            core.setWaitFlag(.m, .fix, 0, label: "aic.qk.m-fix", detail: i)
            core.tstore(binder.view(sij, element: i * m * n, rows: m, cols: n, rowStride: n, .f32), t.acc,
                        label: "aic.qk.tstore-sij", detail: i)
            if i + 1 < blocks.count { core.pipeBarrier(.all, label: "aic.qk.barrier", detail: i) }
            next += 1
            return true
        }
        if i == blocks.count {
            core.setWaitFlag(.fix, .s, 7, label: "aic.qk.fix-s")
            next += 1
            return true
        }
        return false
    }
}
