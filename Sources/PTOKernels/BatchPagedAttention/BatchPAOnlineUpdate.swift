import PTOCore
import PTORuntime

/// batch_paged_attention's `aiv_online_update` (func_id 3, AIV): for each request of a chunk, folds this block's
/// (mij, lij, oi_new) into the chunk's accumulators (mi, li, oi) in GM — the first block copies them, later blocks
/// rescale with α = exp(mi − mi'), β = exp(mij − mi') — and on the last block writes `out = oi / li` into the
/// request's rows of `out`. The row values are loaded as (M/8) × 8 "ND" tiles for the element-wise ops and seen as
/// M × 1 column tiles (TRESHAPE, a rebind) for the row broadcasts. One request per `step`; tiles (M × N) are the
/// dispatch on (q_tile, head_dim): 16×16, 16×128, else 64×128.
struct BatchPAOnlineUpdate: CoreProgram {
    let mij: GMBuffer, lij: GMBuffer, oiNew: GMBuffer, mi: GMBuffer, li: GMBuffer, oi: GMBuffer, out: GMBuffer
    let isFirst: Bool, isLast: Bool
    let count: Int, qOffset: Int, numHeads: Int, batchStart: Int
    let m: Int, n: Int
    var tiles: Tiles?
    var next = 0

    struct Tiles {
        var oiNew: Tile, oi: Tile
        var mijND: Tile, lijND: Tile, miND: Tile, liND: Tile, miNewND: Tile, alphaND: Tile, betaND: Tile, tmpND: Tile
        var alphaDN: Tile, betaDN: Tile, liDN: Tile
    }

    /// Task arguments `(mij, lij, oi_new, mi, li, oi, out; is_first, is_last, batch_count, q_offset, num_heads,
    /// batch_start)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
        let mijT = block.tensor(0), oiNewT = block.tensor(2)
        count = block.int(2)
        let qTile = mijT.shape[0] / count, headDim = oiNewT.shape[1]
        (m, n) = qTile == 16 && headDim <= 16 ? (16, 16) : (qTile == 16 ? (16, 128) : (64, 128))
        mij = gm.buffer(mijT)
        lij = gm.buffer(block.tensor(1))
        oiNew = gm.buffer(oiNewT)
        mi = gm.buffer(block.tensor(3))
        li = gm.buffer(block.tensor(4))
        oi = gm.buffer(block.tensor(5))
        out = gm.buffer(block.tensor(6))
        isFirst = block.int(0) != 0
        isLast = block.int(1) != 0
        qOffset = block.int(3)
        numHeads = block.int(4)
        batchStart = block.int(5)
    }

    func makeTiles(_ core: CoreIssuer) throws -> Tiles {
        let scalarRows = m / 8, alignedRows = (m * 4 + 31) / 32 * 8
        let dataBytes = m * n * 4, ndBytes = scalarRows * 8 * 4
        func at(_ tile: Tile, _ address: Int) throws -> Tile { var x = tile; try core.tassign(&x, address); return x }
        let data = Tile(.ub, rows: m, cols: n, .f32), nd = Tile(.ub, rows: scalarRows, cols: 8, .f32)
        let dn = Tile(.ub, rows: alignedRows, cols: 1, .f32, layout: .colMajor, validRows: m)
        return Tiles(oiNew: try at(data, 0), oi: try at(data, dataBytes),
                     mijND: try at(nd, 2 * dataBytes), lijND: try at(nd, 2 * dataBytes + ndBytes),
                     miND: try at(nd, 2 * dataBytes + 2 * ndBytes), liND: try at(nd, 2 * dataBytes + 3 * ndBytes),
                     miNewND: try at(nd, 2 * dataBytes + 4 * ndBytes), alphaND: try at(nd, 2 * dataBytes + 5 * ndBytes),
                     betaND: try at(nd, 2 * dataBytes + 6 * ndBytes), tmpND: try at(nd, 2 * dataBytes + 7 * ndBytes),
                     alphaDN: dn, betaDN: dn, liDN: dn)
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        if tiles == nil { tiles = try makeTiles(core) }
        guard var t = tiles, next < count else { return false }
        let i = next, scalarRows = m / 8
        func data(_ b: GMBuffer) -> GMView { GMView(b, offset: i * m * n * 4, rows: m, cols: n, rowStride: n, .f32) }
        func nd(_ b: GMBuffer) -> GMView { GMView(b, offset: i * m * 4, rows: scalarRows, cols: 8, rowStride: 8, .f32) }
        let dst = GMView(out, offset: ((batchStart + i) * numHeads + qOffset) * n * 4, rows: m, cols: n, rowStride: n, .f32)
        if isFirst {
            core.tload(t.oiNew, data(oiNew), label: "aiv.up.tload-oi-new", detail: i)
            core.tload(t.mijND, nd(mij), label: "aiv.up.tload-mij", detail: i)
            core.tload(t.lijND, nd(lij), label: "aiv.up.tload-lij", detail: i)
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.up.mte2-v", detail: i)
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3.acc", detail: i)
            core.tstore(nd(mi), t.mijND, label: "aiv.up.tstore-mi", detail: i)
            core.tstore(nd(li), t.lijND, label: "aiv.up.tstore-li", detail: i)
            core.tstore(data(oi), t.oiNew, label: "aiv.up.tstore-oi", detail: i)
            if isLast {
                core.treshape(&t.liDN, t.lijND, label: "aiv.up.reshape-li", detail: i)
                core.setWaitFlag(.mte3, .v, 1, label: "aiv.up.first.mte3-v", detail: i)
                core.trowexpanddiv(t.oiNew, t.oiNew, t.liDN, label: "aiv.up.div", detail: i)
                core.setWaitFlag(.v, .mte3, 1, label: "aiv.up.v-mte3.out", detail: i)
                core.tstore(dst, t.oiNew, label: "aiv.up.tstore-out", detail: i)
            }
        } else {
            core.tload(t.oiNew, data(oiNew), label: "aiv.up.tload-oi-new", detail: i)
            core.tload(t.oi, data(oi), label: "aiv.up.tload-oi", detail: i)
            core.tload(t.mijND, nd(mij), label: "aiv.up.tload-mij", detail: i)
            core.tload(t.lijND, nd(lij), label: "aiv.up.tload-lij", detail: i)
            core.tload(t.miND, nd(mi), label: "aiv.up.tload-mi", detail: i)
            core.tload(t.liND, nd(li), label: "aiv.up.tload-li", detail: i)
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.up.mte2-v", detail: i)
            core.tmax(t.miNewND, t.miND, t.mijND, label: "aiv.up.max", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-max", detail: i)
            core.tsub(t.alphaND, t.miND, t.miNewND, label: "aiv.up.sub-alpha", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-sub-alpha", detail: i)
            core.texp(t.alphaND, t.alphaND, label: "aiv.up.exp-alpha", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-exp-alpha", detail: i)
            core.tsub(t.betaND, t.mijND, t.miNewND, label: "aiv.up.sub-beta", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-sub-beta", detail: i)
            core.texp(t.betaND, t.betaND, label: "aiv.up.exp-beta", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-exp-beta", detail: i)
            core.tmul(t.liND, t.alphaND, t.liND, label: "aiv.up.mul-li", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-mul-li", detail: i)
            core.tmul(t.tmpND, t.betaND, t.lijND, label: "aiv.up.mul-lij", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-mul-lij", detail: i)
            core.tadd(t.liND, t.liND, t.tmpND, label: "aiv.up.add-li", detail: i)
            core.treshape(&t.alphaDN, t.alphaND, label: "aiv.up.reshape-alpha", detail: i)
            core.treshape(&t.betaDN, t.betaND, label: "aiv.up.reshape-beta", detail: i)
            if isLast { core.treshape(&t.liDN, t.liND, label: "aiv.up.reshape-li", detail: i) }
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3.acc", detail: i)
            core.tstore(nd(mi), t.miNewND, label: "aiv.up.tstore-mi", detail: i)
            core.tstore(nd(li), t.liND, label: "aiv.up.tstore-li", detail: i)
            core.trowexpandmul(t.oi, t.oi, t.alphaDN, label: "aiv.up.scale-oi", detail: i)
            core.trowexpandmul(t.oiNew, t.oiNew, t.betaDN, label: "aiv.up.scale-oi-new", detail: i)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-scale", detail: i)
            core.tadd(t.oi, t.oi, t.oiNew, label: "aiv.up.add-oi", detail: i)
            if isLast {
                core.pipeBarrier(.pipe(.v), label: "aiv.up.after-add-oi", detail: i)
                core.trowexpanddiv(t.oi, t.oi, t.liDN, label: "aiv.up.div", detail: i)
                core.setWaitFlag(.v, .mte3, 1, label: "aiv.up.v-mte3.out", detail: i)
                core.tstore(dst, t.oi, label: "aiv.up.tstore-out", detail: i)
            } else {
                core.setWaitFlag(.v, .mte3, 1, label: "aiv.up.v-mte3.oi", detail: i)
                core.tstore(data(oi), t.oi, label: "aiv.up.tstore-oi", detail: i)
            }
        }
        tiles = t
        if i + 1 < count { core.pipeBarrier(.all, label: "aiv.up.barrier-all", detail: i) } else { core.pipeSync(label: "aiv.up.pipe-sync") }
        next += 1
        return true
    }
}
