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
    var tiles: SingleBufferedCubeMatmul?
    var next = 0

    /// The block of task arguments `(query, key_cache, block_table, sij; batch_count, block_idx, q_offset,
    /// block_num, num_heads, batch_start)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
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
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        if tiles == nil { tiles = try SingleBufferedCubeMatmul(core, m: m, k: k, n: n, bLayout: .colMajor) }
        guard let t = tiles, next < blocks.count else { return false }
        let i = next
        let qRow = (batchStart + i) * numHeads + qOffset
        // K block stored [N × K] row-major: the DN view fills the K × N colMajor tile.
        t.issue(core, a: GMView(query, offset: qRow * k * 2, rows: m, cols: k, rowStride: k, .bf16),
                b: GMView(keyCache, offset: blocks[i] * n * k * 2, rows: n, cols: k, rowStride: k, .bf16),
                c: GMView(sij, offset: i * m * n * 4, rows: m, cols: n, rowStride: n, .f32), .qk, detail: i)
        if i + 1 < blocks.count { core.pipeBarrier(.all, label: "aic.qk.barrier-all", detail: i) } else { core.pipeSync(label: "aic.qk.pipe-sync") }
        next += 1
        return true
    }
}
