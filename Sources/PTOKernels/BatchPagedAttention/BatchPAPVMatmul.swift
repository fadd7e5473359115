import PTOCore
import PTORuntime

/// batch_paged_attention's `aic_pv_matmul` (func_id 2, AIC): for each request of a chunk, `oi_new[b] = p(M×K, bf16) ·
/// V_block (K×N)`, one request per `step`. Tile shapes: 16×16×16, 16×128×128, else 64×64×128 (M × K × N), the
/// kernel's dispatch on (q_tile, block_size).
struct BatchPAPVMatmul: CoreProgram {
    let pij: GMBuffer, valueCache: GMBuffer, oiNew: GMBuffer
    let blocks: [Int]
    let m: Int, k: Int, n: Int
    var tiles: SingleBufferedCubeMatmul?
    var next = 0

    /// Task arguments `(pij, value_cache, block_table, oi_new; batch_count, block_idx, block_num, batch_start)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
        let pijT = block.tensor(0), table = block.tensor(2)
        let count = block.int(0), blockIdx = block.int(1), blockNum = block.int(2), batchStart = block.int(3)
        let qTile = pijT.shape[0] / count, blockSize = pijT.shape[1]
        (m, k, n) = qTile == 16 && blockSize <= 16 ? (16, 16, 16) : (qTile == 16 ? (16, 128, 128) : (64, 64, 128))
        pij = gm.buffer(pijT)
        valueCache = gm.buffer(block.tensor(1))
        oiNew = gm.buffer(block.tensor(3))
        blocks = (0..<count).map { Int(table.tensor.i32[table.startOffset + (batchStart + $0) * blockNum + blockIdx]) }
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        // The tiles of the shared cube step; the loads below signal P and V together on one event, unlike it.
        if tiles == nil { tiles = try SingleBufferedCubeMatmul(core, m: m, k: k, n: n) }
        guard let t = tiles, next < blocks.count else { return false }
        let i = next
        core.tload(t.aMat, GMView(pij, offset: i * m * k * 2, rows: m, cols: k, rowStride: k, .bf16),
                   label: "aic.pv.tload-p", detail: i)
        core.tload(t.bMat, GMView(valueCache, offset: blocks[i] * k * n * 2, rows: k, cols: n, rowStride: n, .bf16),
                   label: "aic.pv.tload-v", detail: i)
        core.setWaitFlag(.mte2, .mte1, 0, label: "aic.pv.mte2-mte1", detail: i)
        core.tmov(t.a, t.aMat, label: "aic.pv.tmov-p", detail: i)
        core.tmov(t.b, t.bMat, label: "aic.pv.tmov-v", detail: i)
        core.setWaitFlag(.mte1, .m, 0, label: "aic.pv.mte1-m", detail: i)
        core.tmatmul(t.c, t.a, t.b, label: "aic.pv.tmatmul", detail: i)
        core.setWaitFlag(.m, .fix, 0, label: "aic.pv.m-fix", detail: i)
        core.tstore(GMView(oiNew, offset: i * m * n * 4, rows: m, cols: n, rowStride: n, .f32), t.c,
                    label: "aic.pv.tstore-oi", detail: i)
        if i + 1 < blocks.count { core.pipeBarrier(.all, label: "aic.pv.barrier-all", detail: i) } else { core.pipeSync(label: "aic.pv.pipe-sync") }
        next += 1
        return true
    }
}
