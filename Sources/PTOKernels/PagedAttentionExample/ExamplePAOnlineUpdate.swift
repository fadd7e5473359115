import PTOCore
import PTORuntime

/// paged_attention's `aiv_online_update` (func_id 3, AIV): folds one block's (mij, lij, oi_new) into the head tile's
/// accumulators (mi, li, oi) — the first block copies them, later ones rescale with α = exp(mi − mi'),
/// β = exp(mij − mi') — and on the last block writes `out = oi / li` into the tile's rows of `out`. Row values are
/// loaded as M × 1 column tiles, seen as 1 × M rows (TRESHAPE, a rebind) for the element-wise ops and stored through
/// (M/8) × 8 tiles at the same addresses. Tiles (M × N): the dispatch on (q_tile, head_dim): 16×16, 16×128, else
/// 64×128.
struct ExamplePAOnlineUpdate: CoreProgram {
    let mij: GMView, lij: GMView, mi: GMView, li: GMView
    let miND: GMView, liND: GMView
    let oiNew: GMView, oi: GMView, dst: GMView
    let isFirst: Bool, isLast: Bool
    let m: Int, n: Int
    var done = false

    /// Task arguments `(mij, lij, oi_new, mi, li, oi, out_view; is_first, is_last)`.
    init(_ block: BlockContext, _ gm: GMBinder) {
        let mijT = block.tensor(0), oiNewT = block.tensor(2)
        (m, n) = mijT.shape[0] == 16 && oiNewT.shape[1] <= 16 ? (16, 16) : (mijT.shape[0] == 16 ? (16, 128) : (64, 128))
        let (m, n) = (m, n)
        func column(_ t: ChipTensor) -> GMView { gm.view(t, element: 0, rows: 1, cols: m, rowStride: m, .f32) }
        func data(_ t: ChipTensor) -> GMView { gm.view(t, element: 0, rows: m, cols: n, rowStride: n, .f32) }
        mij = column(mijT)
        lij = column(block.tensor(1))
        mi = column(block.tensor(3))
        li = column(block.tensor(4))
        miND = gm.view(block.tensor(3), element: 0, rows: m / 8, cols: 8, rowStride: 8, .f32)
        liND = gm.view(block.tensor(4), element: 0, rows: m / 8, cols: 8, rowStride: 8, .f32)
        oiNew = data(oiNewT)
        oi = data(block.tensor(5))
        dst = data(block.tensor(6))
        isFirst = block.int(0) != 0
        isLast = block.int(1) != 0
    }

    mutating func step(_ core: CoreIssuer) throws -> Bool {
        guard !done else { return false }
        done = true
        let alignedRows = (m * 4 + 31) / 32 * 8, dataBytes = m * n * 4, dnBytes = alignedRows * 4
        func at(_ tile: Tile, _ address: Int) throws -> Tile { var x = tile; try core.tassign(&x, address); return x }
        let data = Tile(.ub, rows: m, cols: n, .f32)
        let dn = Tile(.ub, rows: alignedRows, cols: 1, .f32, layout: .colMajor, validRows: m)
        let row = Tile(.ub, rows: 1, cols: m, .f32), nd = Tile(.ub, rows: m / 8, cols: 8, .f32)
        func slot(_ i: Int) -> Int { 2 * dataBytes + i * dnBytes }
        let oiNewTile = try at(data, 0), oiTile = try at(data, dataBytes)
        let mijDN = try at(dn, slot(0)), lijDN = try at(dn, slot(1)), miDN = try at(dn, slot(2)), liDN = try at(dn, slot(3))
        var alphaDN = try at(dn, slot(5)), betaDN = try at(dn, slot(6)), liNewDN = try at(dn, slot(7))
        if isFirst {
            core.tload(oiNewTile, oiNew, label: "aiv.up.tload-oi-new")
            core.tload(mijDN, mij, label: "aiv.up.tload-mij")
            core.tload(lijDN, lij, label: "aiv.up.tload-lij")
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.up.mte2-v")
            // ND views of the same bytes for the stores.
            let mijND = try at(nd, slot(0)), lijND = try at(nd, slot(1))
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3.acc")
            core.tstore(miND, mijND, label: "aiv.up.tstore-mi")
            core.tstore(liND, lijND, label: "aiv.up.tstore-li")
            core.tstore(oi, oiNewTile, label: "aiv.up.tstore-oi")
            if isLast {
                core.setWaitFlag(.mte3, .v, 0, label: "aiv.up.first.mte3-v")
                core.trowexpanddiv(oiNewTile, oiNewTile, lijDN, label: "aiv.up.div")
                core.setWaitFlag(.v, .mte3, 1, label: "aiv.up.v-mte3.out")
                core.tstore(dst, oiNewTile, label: "aiv.up.tstore-out")
            }
        } else {
            core.tload(oiNewTile, oiNew, label: "aiv.up.tload-oi-new")
            core.tload(oiTile, oi, label: "aiv.up.tload-oi")
            core.tload(mijDN, mij, label: "aiv.up.tload-mij")
            core.tload(lijDN, lij, label: "aiv.up.tload-lij")
            core.tload(miDN, mi, label: "aiv.up.tload-mi")
            core.tload(liDN, li, label: "aiv.up.tload-li")
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.up.mte2-v")
            var miRow = row, mijRow = row, liRow = row, lijRow = row
            core.treshape(&miRow, miDN, label: "aiv.up.reshape-mi")
            core.treshape(&mijRow, mijDN, label: "aiv.up.reshape-mij")
            core.treshape(&liRow, liDN, label: "aiv.up.reshape-li")
            core.treshape(&lijRow, lijDN, label: "aiv.up.reshape-lij")
            let miNewRow = try at(row, slot(4)), alphaRow = try at(row, slot(5)), betaRow = try at(row, slot(6))
            let liNewRow = try at(row, slot(7)), tmpRow = try at(row, slot(8))
            core.tmax(miNewRow, miRow, mijRow, label: "aiv.up.max")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-max")
            core.tsub(alphaRow, miRow, miNewRow, label: "aiv.up.sub-alpha")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-sub-alpha")
            core.texp(alphaRow, alphaRow, label: "aiv.up.exp-alpha")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-exp-alpha")
            core.tsub(betaRow, mijRow, miNewRow, label: "aiv.up.sub-beta")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-sub-beta")
            core.texp(betaRow, betaRow, label: "aiv.up.exp-beta")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-exp-beta")
            core.tmul(tmpRow, alphaRow, liRow, label: "aiv.up.mul-li")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-mul-li")
            core.tmul(liNewRow, betaRow, lijRow, label: "aiv.up.mul-lij")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-mul-lij")
            core.tadd(liNewRow, tmpRow, liNewRow, label: "aiv.up.add-li")
            core.treshape(&alphaDN, alphaRow, label: "aiv.up.reshape-alpha")
            core.treshape(&betaDN, betaRow, label: "aiv.up.reshape-beta")
            core.trowexpandmul(oiTile, oiTile, alphaDN, label: "aiv.up.scale-oi")
            core.trowexpandmul(oiNewTile, oiNewTile, betaDN, label: "aiv.up.scale-oi-new")
            core.pipeBarrier(.pipe(.v), label: "aiv.up.after-scale")
            core.tadd(oiTile, oiTile, oiNewTile, label: "aiv.up.add-oi")
            let miNewND = try at(nd, slot(4)), liNewND = try at(nd, slot(7))
            if isLast {
                core.treshape(&liNewDN, liNewRow, label: "aiv.up.reshape-li-new")
                core.pipeBarrier(.pipe(.v), label: "aiv.up.after-add-oi")
                core.trowexpanddiv(oiTile, oiTile, liNewDN, label: "aiv.up.div")
                core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3.acc")
                core.tstore(miND, miNewND, label: "aiv.up.tstore-mi")
                core.tstore(liND, liNewND, label: "aiv.up.tstore-li")
                core.tstore(dst, oiTile, label: "aiv.up.tstore-out")
            } else {
                core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3.acc")
                core.tstore(miND, miNewND, label: "aiv.up.tstore-mi")
                core.tstore(liND, liNewND, label: "aiv.up.tstore-li")
                core.tstore(oi, oiTile, label: "aiv.up.tstore-oi")
            }
        }
        core.pipeSync(label: "aiv.up.pipe-sync")
        return true
    }
}
