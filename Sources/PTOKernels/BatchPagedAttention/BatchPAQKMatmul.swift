import PTOCore
import PTORuntime

/// batch_paged_attention's `aic_qk_matmul` (func_id 0, AIC): for each of `batch_count` requests of a chunk,
/// `sij[b] = q(M×K) · K_blockᵀ (K×N)` with the request's KV block looked up in the block table, through L1, L0A/L0B and
/// L0C, one request per `step`. Tile shapes are the kernel's compile-time dispatch on (q_tile, block_size):
/// 16×16×16, 16×128×128, else 64×128×64 (M × K × N), whatever the case's head_dim is.
struct BatchPAQKMatmul: CoreProgram {
    let query: GMBuffer, keyCache: GMBuffer, sij: GMBuffer
    /// Physical KV block of each request of the chunk (the kernel's scalar reads of the block table).
    let blocks: [Int]
    let m: Int, k: Int, n: Int
    let qOffset: Int, numHeads: Int, batchStart: Int
    let syncs: SceneSyncIssuer
    var tiles: (aMat: Tile, bMat: Tile, a: Tile, b: Tile, c: Tile)?
    var next = 0

    /// The block of task arguments `(query, key_cache, block_table, sij; batch_count, block_idx, q_offset,
    /// block_num, num_heads, batch_start)`.
    init(_ block: BlockContext, _ gm: GMBinder, syncs: SceneSyncIssuer) {
        let sijT = block.tensor(3), table = block.tensor(2)
        let count = block.int(0), blockIdx = block.int(1), blockNum = block.int(3), batchStart = block.int(5)
        let qTile = sijT.shape[0] / count, blockSize = sijT.shape[1]
        (m, k, n) = qTile == 16 && blockSize <= 16 ? (16, 16, 16) : (qTile == 16 ? (16, 128, 128) : (64, 128, 64))
        query = gm.buffer(block.tensor(0))
        keyCache = gm.buffer(block.tensor(1))
        sij = gm.buffer(sijT)
        blocks = (0..<count).map { Int(table.tensor.i32[table.startOffset + (batchStart + $0) * blockNum + blockIdx]) }
        qOffset = block.int(2)
        numHeads = block.int(4)
        self.batchStart = batchStart
        self.syncs = syncs
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        if tiles == nil {
            var aMat = Tile(.l1, rows: m, cols: k, .bf16), bMat = Tile(.l1, rows: k, cols: n, .bf16, layout: .colMajor)
            var a = Tile(.l0a, rows: m, cols: k, .bf16), b = Tile(.l0b, rows: k, cols: n, .bf16, layout: .colMajor)
            var c = Tile(.l0c, rows: m, cols: n, .f32)
            try core.tassign(&aMat, 0x0)
            try core.tassign(&bMat, 0x20000)
            try core.tassign(&a, 0x0)
            try core.tassign(&b, 0x0)
            try core.tassign(&c, 0x0)
            tiles = (aMat, bMat, a, b, c)
        }
        guard let t = tiles, next < blocks.count else { return false }
        let i = next
        let qRow = (batchStart + i) * numHeads + qOffset
        core.tload(t.aMat, GMView(query, offset: qRow * k * 2, rows: m, cols: k, rowStride: k, .bf16),
                   label: "aic.qk.tload-q", detail: i)
        syncs.set(core, .mte2, .mte1, 0, "aic.qk.mte2-mte1.q", i)
        // K block stored [N × K] row-major: the DN view fills the K × N colMajor tile.
        core.tload(t.bMat, GMView(keyCache, offset: blocks[i] * n * k * 2, rows: n, cols: k, rowStride: k, .bf16),
                   label: "aic.qk.tload-k", detail: i)
        syncs.set(core, .mte2, .mte1, 1, "aic.qk.mte2-mte1.k", i)
        syncs.wait(core, .mte2, .mte1, 0, "aic.qk.mte2-mte1.q", i)
        core.tmov(t.a, t.aMat, label: "aic.qk.tmov-q", detail: i)
        syncs.wait(core, .mte2, .mte1, 1, "aic.qk.mte2-mte1.k", i)
        core.tmov(t.b, t.bMat, label: "aic.qk.tmov-k", detail: i)
        syncs.pair(core, .mte1, .m, 0, "aic.qk.mte1-m", i)
        core.tmatmul(t.c, t.a, t.b, label: "aic.qk.tmatmul", detail: i)
        syncs.pair(core, .m, .fix, 0, "aic.qk.m-fix", i)
        core.tstore(GMView(sij, offset: i * m * n * 4, rows: m, cols: n, rowStride: n, .f32), t.c,
                    label: "aic.qk.tstore-sij", detail: i)
        if i + 1 < blocks.count { syncs.barrier(core, .all, "aic.qk.barrier-all", i) } else { syncs.pipeSync(core, "aic.qk.pipe-sync") }
        next += 1
        return true
    }
}
