import PTOCore
import PTORuntime

/// paged_attention's `aiv_softmax_prepare` (func_id 1, AIV): loads the whole M×N `sij` tile of one QK task (the task
/// argument is a view narrowed to the block's `valid` tokens; the kernel reads that width from it), fills columns ≥
/// valid with −inf, scales, and writes `mij = rowmax`, `pij = exp(sij − mij)` (bf16, CAST_ROUND) and `lij = rowsum`
/// of the rounded values. Tiles (M × N): the dispatch on (q_tile, block_size): 16×16, 16×128, else 64×64.
struct ExamplePASoftmaxPrepare: CoreProgram {
    let sij: GMView, pij: GMView, mij: GMView, lij: GMView
    let valid: Int
    let m: Int, n: Int
    let scale: Float
    var done = false

    /// Task arguments `(sij_valid, pij, mij, lij; scale)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
        let s = block.tensor(0), p = block.tensor(1)
        (m, n) = s.shape[0] == 16 && p.shape[1] <= 16 ? (16, 16) : (s.shape[0] == 16 ? (16, 128) : (64, 64))
        valid = s.shape[1]
        sij = gm.view(s, element: 0, rows: m, cols: n, rowStride: n, .f32)
        pij = gm.view(p, element: 0, rows: m, cols: n, rowStride: n, .bf16)
        // M contiguous floats: one view row fills the M × 1 column tile (DN).
        mij = gm.view(block.tensor(2), element: 0, rows: 1, cols: m, rowStride: m, .f32)
        lij = gm.view(block.tensor(3), element: 0, rows: 1, cols: m, rowStride: m, .f32)
        scale = block.float(0)
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        let alignedRows = (m * 4 + 31) / 32 * 8
        func at(_ tile: Tile, _ address: Int) throws -> Tile { var x = tile; try core.tassign(&x, address); return x }
        let mxn = Tile(.ub, rows: m, cols: n, .f32)
        let column = Tile(.ub, rows: alignedRows, cols: 1, .f32, layout: .colMajor, validRows: m)
        let sijTile = try at(mxn, 0x0), pijTile = try at(mxn, m * n * 4), tmp = try at(mxn, 2 * m * n * 4)
        let maxTile = try at(column, 3 * m * n * 4), sumTile = try at(column, 3 * m * n * 4 + alignedRows * 4)
        let pijBf16 = try at(Tile(.ub, rows: m, cols: n, .bf16), 3 * m * n * 4 + 2 * alignedRows * 4)
        core.tload(sijTile, sij, label: "aiv.sf.tload-sij")
        core.setWaitFlag(.mte2, .v, 0, label: "aiv.sf.mte2-v")
        core.tfillpadInplace(sijTile, validCols: valid, label: "aiv.sf.fillpad")
        core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-pad")
        core.tmuls(sijTile, sijTile, scale, label: "aiv.sf.scale")
        core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-scale")
        core.trowmax(maxTile, sijTile, tmp, label: "aiv.sf.rowmax")
        core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-rowmax")
        core.trowexpandsub(pijTile, sijTile, maxTile, label: "aiv.sf.sub-max")
        core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-sub")
        core.texp(pijTile, pijTile, label: "aiv.sf.exp")
        core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-exp")
        core.tcvt(pijBf16, pijTile, .castRound, label: "aiv.sf.cvt-bf16")
        core.setFlag(.v, .mte3, 0, label: "aiv.sf.v-mte3.pij")
        core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-cvt-bf16")
        core.tcvt(pijTile, pijBf16, .castRound, label: "aiv.sf.cvt-f32")
        core.pipeBarrier(.pipe(.v), label: "aiv.sf.after-cvt-f32")
        core.trowsum(sumTile, pijTile, tmp, label: "aiv.sf.rowsum")
        core.setFlag(.v, .mte3, 1, label: "aiv.sf.v-mte3.sum")
        core.waitFlag(.v, .mte3, 0, label: "aiv.sf.v-mte3.pij")
        core.tstore(pij, pijBf16, label: "aiv.sf.tstore-pij")
        core.tstore(mij, maxTile, label: "aiv.sf.tstore-mij")
        core.waitFlag(.v, .mte3, 1, label: "aiv.sf.v-mte3.sum")
        core.tstore(lij, sumTile, label: "aiv.sf.tstore-lij")
        core.pipeSync(label: "aiv.sf.pipe-sync")
        return true
    }
}
