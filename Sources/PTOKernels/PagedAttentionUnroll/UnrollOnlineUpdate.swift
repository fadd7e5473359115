import PTOCore
import PTORuntime

/// `aiv_online_update` (func_id 3, AIV): folds one group's (mij, lij, oi_new) into the q tile's running
/// (mi, li, oi) and, for the last group, writes out = oi / li into the output rows.
///
/// First group: the inputs are copied to the accumulators (mi = mij, li = lij, oi = oi_new). Later groups:
/// mi' = max(mi, mij), α = exp(mi − mi'), β = exp(mij − mi'), li' = α·li + β·lij, oi' = α·oi + β·oi_new, with
/// the per-row values loaded as columns (DN) and TRESHAPEd to 1 × qRows rows for the element-wise arithmetic, and
/// back to columns for the row-broadcast multiplies and the final divide. Everything is one UB pass per task.
///
/// Arguments: tensors mij, lij, oi_new, mi, li, oi, out rows; scalars is_first, is_last.
public struct UnrollOnlineUpdate: CoreProgram {
    let shape: UnrollTileShape
    let oiNewGM: GMView, oiGM: GMView, dstGM: GMView
    let mijDNGM: GMView, lijDNGM: GMView, miDNGM: GMView, liDNGM: GMView
    let miNDGM: GMView, liNDGM: GMView
    let isFirst: Bool, isLast: Bool
    var issued = false, finished = false

    public init(_ block: BlockContext, _ binder: GMBinder) {
        let mij = block.tensor(0)
        shape = .dispatch(qTileRows: mij.shape[0])
        let m = shape.qRows, n = shape.headDim, scalarRows = shape.scalarRows
        func data(_ i: Int) -> GMView { binder.view(block.tensor(i), element: 0, rows: m, cols: n, rowStride: n, .f32) }
        func column(_ i: Int) -> GMView { binder.view(block.tensor(i), element: 0, rows: 1, cols: m, rowStride: m, .f32) }
        func nd(_ i: Int) -> GMView {
            binder.view(block.tensor(i), element: 0, rows: scalarRows, cols: 8, rowStride: 8, .f32)
        }
        oiNewGM = data(2); oiGM = data(5); dstGM = data(6)
        mijDNGM = column(0); lijDNGM = column(1); miDNGM = column(3); liDNGM = column(4)
        miNDGM = nd(3); liNDGM = nd(4)
        isFirst = block.int(0) != 0
        isLast = block.int(1) != 0
    }

    public mutating func step(_ core: CoreIssuer) throws -> Bool {
        if finished { return false }
        if issued {
            core.setWaitFlag(.mte3, .s, 7, label: "aiv.up.mte3-s")
            finished = true
            return true
        }
        issued = true
        let m = shape.qRows, n = shape.headDim
        let data = m * n * 4, dn = shape.alignedRows * 4
        func scalarAt(_ k: Int) -> Int { 2 * data + k * dn }
        func column(_ k: Int) throws -> Tile {
            try Tile.placed(core, .ub, shape.alignedRows, 1, .f32, .colMajor, validRows: m, at: scalarAt(k))
        }
        func row(_ k: Int) throws -> Tile { try Tile.placed(core, .ub, 1, m, .f32, at: scalarAt(k)) }
        func nd(_ k: Int) throws -> Tile { try Tile.placed(core, .ub, shape.scalarRows, 8, .f32, at: scalarAt(k)) }
        let oiNew = try Tile.placed(core, .ub, m, n, .f32, at: 0)
        let oi = try Tile.placed(core, .ub, m, n, .f32, at: data)
        let mijDN = try column(0), lijDN = try column(1), miDN = try column(2), liDN = try column(3)
        var alphaDN = try column(5), betaDN = try column(6), liNewDN = try column(7)

        if isFirst {
            core.tload(oiNew, oiNewGM, label: "aiv.up.tload-oi-new", detail: 0)
            core.tload(mijDN, mijDNGM, label: "aiv.up.tload-mij", detail: 0)
            core.tload(lijDN, lijDNGM, label: "aiv.up.tload-lij", detail: 0)
            core.setWaitFlag(.mte2, .v, 0, label: "aiv.up.mte2-v")
            let mijND = try nd(0), lijND = try nd(1)
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3")
            core.tstore(miNDGM, mijND, label: "aiv.up.tstore-mi", detail: 0)
            core.tstore(liNDGM, lijND, label: "aiv.up.tstore-li", detail: 0)
            core.tstore(oiGM, oiNew, label: "aiv.up.tstore-oi", detail: 0)
            if isLast {
                core.setWaitFlag(.mte3, .v, 0, label: "aiv.up.mte3-v")
                core.trowexpanddiv(oiNew, oiNew, lijDN, label: "aiv.up.normalize", detail: 0)
                core.setWaitFlag(.v, .mte3, 1, label: "aiv.up.out.v-mte3")
                core.tstore(dstGM, oiNew, label: "aiv.up.tstore-out", detail: 0)
            }
            return true
        }

        core.tload(oiNew, oiNewGM, label: "aiv.up.tload-oi-new", detail: 1)
        core.tload(oi, oiGM, label: "aiv.up.tload-oi", detail: 1)
        core.tload(mijDN, mijDNGM, label: "aiv.up.tload-mij", detail: 1)
        core.tload(lijDN, lijDNGM, label: "aiv.up.tload-lij", detail: 1)
        core.tload(miDN, miDNGM, label: "aiv.up.tload-mi", detail: 1)
        core.tload(liDN, liDNGM, label: "aiv.up.tload-li", detail: 1)
        core.setWaitFlag(.mte2, .v, 0, label: "aiv.up.mte2-v", detail: 1)
        // Row views of the loaded columns: TRESHAPE binds each (unplaced) row tile to its column's address.
        var miRow = Tile(.ub, rows: 1, cols: m, .f32), mijRow = miRow, liRow = miRow, lijRow = miRow
        core.treshape(&miRow, miDN)
        core.treshape(&mijRow, mijDN)
        core.treshape(&liRow, liDN)
        core.treshape(&lijRow, lijDN)
        let miNewRow = try row(4), alphaRow = try row(5), betaRow = try row(6), liNewRow = try row(7)
        let tmpRow = try row(8)

        core.tmax(miNewRow, miRow, mijRow, label: "aiv.up.max", detail: 1)
        core.pipeBarrier(.pipe(.v), label: "aiv.up.max", detail: 1)
        core.tsub(alphaRow, miRow, miNewRow, label: "aiv.up.alpha-arg", detail: 1)
        core.tsub(betaRow, mijRow, miNewRow, label: "aiv.up.beta-arg", detail: 1)
        core.pipeBarrier(.pipe(.v), label: "aiv.up.sub", detail: 1)
        core.texp(alphaRow, alphaRow, label: "aiv.up.alpha", detail: 1)
        core.texp(betaRow, betaRow, label: "aiv.up.beta", detail: 1)
        core.pipeBarrier(.pipe(.v), label: "aiv.up.exp", detail: 1)
        core.tmul(tmpRow, alphaRow, liRow, label: "aiv.up.alpha-li", detail: 1)
        core.tmul(liNewRow, betaRow, lijRow, label: "aiv.up.beta-lij", detail: 1)
        core.pipeBarrier(.pipe(.v), label: "aiv.up.mul", detail: 1)
        core.tadd(liNewRow, tmpRow, liNewRow, label: "aiv.up.li-new", detail: 1)
        core.pipeBarrier(.pipe(.v), label: "aiv.up.li-new", detail: 1)
        core.treshape(&alphaDN, alphaRow)
        core.treshape(&betaDN, betaRow)
        core.trowexpandmul(oi, oi, alphaDN, label: "aiv.up.scale-oi", detail: 1)
        core.trowexpandmul(oiNew, oiNew, betaDN, label: "aiv.up.scale-oi-new", detail: 1)
        core.pipeBarrier(.pipe(.v), label: "aiv.up.scale", detail: 1)
        core.tadd(oi, oi, oiNew, label: "aiv.up.oi-new", detail: 1)
        let miNewND = try nd(4), liNewND = try nd(7)
        if isLast {
            core.treshape(&liNewDN, liNewRow)
            core.pipeBarrier(.pipe(.v), label: "aiv.up.normalize", detail: 1)
            core.trowexpanddiv(oi, oi, liNewDN, label: "aiv.up.normalize", detail: 1)
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3", detail: 1)
            core.tstore(miNDGM, miNewND, label: "aiv.up.tstore-mi", detail: 1)
            core.tstore(liNDGM, liNewND, label: "aiv.up.tstore-li", detail: 1)
            core.tstore(dstGM, oi, label: "aiv.up.tstore-out", detail: 1)
        } else {
            core.setWaitFlag(.v, .mte3, 0, label: "aiv.up.v-mte3", detail: 1)
            core.tstore(miNDGM, miNewND, label: "aiv.up.tstore-mi", detail: 1)
            core.tstore(liNDGM, liNewND, label: "aiv.up.tstore-li", detail: 1)
            core.tstore(oiGM, oi, label: "aiv.up.tstore-oi", detail: 1)
        }
        return true
    }
}
