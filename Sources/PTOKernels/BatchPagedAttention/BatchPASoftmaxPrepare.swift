import PTOCore
import PTORuntime

/// batch_paged_attention's `aiv_softmax_prepare` (func_id 1, AIV): for each request of a chunk, with `valid` tokens
/// of its context in this block, `sij` is loaded into UB, columns ≥ valid filled with −inf (TFILLPAD_INPLACE),
/// scaled, and reduced to `mij = rowmax`, `pij = exp(sij − mij)` (rounded to bf16, CAST_ROUND) and `lij = rowsum` of
/// the rounded values. A block past the request's context gets `mij = −1e30`, `lij = 0`, `pij = 0`, written element
/// by element by the scalar unit (`SetValue`). One request per `step`; tiles (M × N) are the dispatch on
/// (q_tile, block_size): 16×16, 16×128, else 64×64.
struct BatchPASoftmaxPrepare: CoreProgram {
    let sij: GMBuffer, pij: GMBuffer, mij: GMBuffer, lij: GMBuffer
    /// Valid tokens of each request of the chunk in this block (from the kernel's reads of context_lens).
    let validLens: [Int]
    let m: Int, n: Int
    let scale: Float
    var tiles: (sij: Tile, pij: Tile, tmp: Tile, max: Tile, sum: Tile, pijBf16: Tile)?
    var next = 0

    /// Task arguments `(sij, context_lens, pij, mij, lij; scale, batch_count, block_idx, batch_start)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
        let sijT = block.tensor(0), lens = block.tensor(1), pijT = block.tensor(2)
        let count = block.int(1), blockIdx = block.int(2), batchStart = block.int(3)
        let qTile = sijT.shape[0] / count, blockSize = pijT.shape[1]
        (m, n) = qTile == 16 && blockSize <= 16 ? (16, 16) : (qTile == 16 ? (16, 128) : (64, 64))
        sij = gm.buffer(sijT)
        pij = gm.buffer(pijT)
        mij = gm.buffer(block.tensor(3))
        lij = gm.buffer(block.tensor(4))
        let width = n
        validLens = (0..<count).map { b in
            let seq = Int(lens.tensor.i32[lens.startOffset + batchStart + b]), start = blockIdx * width
            return start < seq ? min(seq - start, width) : 0
        }
        scale = block.float(0)
    }

    /// Rows of the column-vector tiles: M rounded up to a whole 32-byte block of floats.
    var alignedRows: Int { (m * 4 + 31) / 32 * 8 }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        if tiles == nil {
            let mxn = Tile(.ub, rows: m, cols: n, .f32)
            let column = Tile(.ub, rows: alignedRows, cols: 1, .f32, layout: .colMajor, validRows: m)
            var sij = mxn, pij = mxn, tmp = mxn, max = column, sum = column
            var pijBf16 = Tile(.ub, rows: m, cols: n, .bf16)
            try core.tassign(&sij, 0x0)
            try core.tassign(&pij, m * n * 4)
            try core.tassign(&tmp, 2 * m * n * 4)
            try core.tassign(&max, 3 * m * n * 4)
            try core.tassign(&sum, 3 * m * n * 4 + alignedRows * 4)
            try core.tassign(&pijBf16, 3 * m * n * 4 + 2 * alignedRows * 4)
            tiles = (sij, pij, tmp, max, sum, pijBf16)
        }
        guard let t = tiles, next < validLens.count else { return false }
        let i = next, valid = validLens[i]
        let pijView = GMView(pij, offset: i * m * n * 2, rows: m, cols: n, rowStride: n, .bf16)
        // The M row values stored contiguously: one view row fills the column tile (DN).
        let mijView = GMView(mij, offset: i * m * 4, rows: 1, cols: m, rowStride: m, .f32)
        let lijView = GMView(lij, offset: i * m * 4, rows: 1, cols: m, rowStride: m, .f32)
        if valid == 0 {
            for e in 0..<alignedRows {
                core.tsetValue(t.max, e, -1e30, label: "aiv.sf.empty.set-max", detail: i)
                core.tsetValue(t.sum, e, 0, label: "aiv.sf.empty.set-sum", detail: i)
            }
            for e in 0..<(m * n) { core.tsetValue(t.pijBf16, e, 0, label: "aiv.sf.empty.set-pij", detail: i) }
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.sf.empty.v-mte3", detail: i)
            core.tstore(mijView, t.max, label: "aiv.sf.tstore-mij", detail: i)
            core.tstore(lijView, t.sum, label: "aiv.sf.tstore-lij", detail: i)
            core.tstore(pijView, t.pijBf16, label: "aiv.sf.tstore-pij", detail: i)
        } else {
            core.tload(t.sij, GMView(sij, offset: i * m * n * 4, rows: m, cols: n, rowStride: n, .f32),
                       label: "aiv.sf.tload-sij", detail: i)
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.sf.mte2-v", detail: i)
            core.tfillpadInplace(t.sij, validCols: valid, label: "aiv.sf.fillpad", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-pad", detail: i)
            core.tmuls(t.sij, t.sij, scale, label: "aiv.sf.scale", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-scale", detail: i)
            core.trowmax(t.max, t.sij, t.tmp, label: "aiv.sf.rowmax", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-rowmax", detail: i)
            core.trowexpandsub(t.pij, t.sij, t.max, label: "aiv.sf.sub-max", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-sub", detail: i)
            core.texp(t.pij, t.pij, label: "aiv.sf.exp", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-exp", detail: i)
            core.tcvt(t.pijBf16, t.pij, .castRound, label: "aiv.sf.cvt-bf16", detail: i)
            core.setFlag(.v, .mte3, 0, label: "aiv.sf.v-mte3.pij", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-cvt-bf16", detail: i)
            core.tcvt(t.pij, t.pijBf16, .castRound, label: "aiv.sf.cvt-f32", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-cvt-f32", detail: i)
            core.trowsum(t.sum, t.pij, t.tmp, label: "aiv.sf.rowsum", detail: i)
            core.setFlag(.v, .mte3, 1, label: "aiv.sf.v-mte3.sum", detail: i)
            core.waitFlag(.v, .mte3, 0, label: "aiv.sf.v-mte3.pij", detail: i)
            core.tstore(pijView, t.pijBf16, label: "aiv.sf.tstore-pij", detail: i)
            core.tstore(mijView, t.max, label: "aiv.sf.tstore-mij", detail: i)
            core.waitFlag(.v, .mte3, 1, label: "aiv.sf.v-mte3.sum", detail: i)
            core.tstore(lijView, t.sum, label: "aiv.sf.tstore-lij", detail: i)
        }
        if i + 1 < validLens.count { core.pipeBarrier(.all, label: "aiv.sf.barrier-all", detail: i) } else { core.pipeSync(label: "aiv.sf.pipe-sync") }
        next += 1
        return true
    }
}
