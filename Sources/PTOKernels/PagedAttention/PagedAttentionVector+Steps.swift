import PTOCore

/// The softmax (SF) and online-update (UP) steps of the AIV program (race-history.md §2.5 and §6).
extension PagedAttentionVector {
    /// The lane's UB tiles for one logical block, at the original kernel's addresses. Several names share an address
    /// on purpose (e.g. `localMaxDN`/`localMaxRow`): they are the same floats seen as a column or a row, and TRESHAPE
    /// rebinds names to other tiles' addresses as the kernel runs.
    struct Tiles {
        var sij: Tile, sijPad: Tile, pij: Tile, tmp: Tile, pijBf16: Tile, oiNew: Tile, go: Tile
        var localMaxDN: Tile, globalMaxDN: Tile, alphaDN: Tile, llDN: Tile, glDN: Tile, savedLlDN: Tile
        var gmND: Tile, glND: Tile, alphaND: Tile, llND: Tile, dmND: Tile, miNewND: Tile, mijND: Tile
        var localMaxRow: Tile, globalMaxRow: Tile, savedMaxRow: Tile, prevMaxRow: Tile
    }

    func makeTiles(_ core: CoreIssuer) throws -> Tiles {
        let cfg = args.config, tm = cfg.subQTile, tn = args.blockSize
        let dnBytes = cfg.alignedRows * 4, ndBytes = cfg.scalarRows * 8 * 4
        func at(_ tile: Tile, _ address: Int) throws -> Tile { var x = tile; try core.tassign(&x, address); return x }
        let mxn = Tile(.ub, rows: tm, cols: tn, .f32)
        let dn = Tile(.ub, rows: cfg.alignedRows, cols: 1, .f32, layout: .colMajor, validRows: tm)
        let nd = Tile(.ub, rows: cfg.scalarRows, cols: 8, .f32)
        let row = Tile(.ub, rows: 1, cols: tm, .f32)
        var ub = cfg.workUBBase
        let pij = try at(mxn, ub); ub += tm * tn * 4
        let pijBf16 = try at(Tile(.ub, rows: tm, cols: tn, .bf16), ub); ub += tm * tn * 2
        let tmp = try at(mxn, ub); ub += tm * tn * 4
        var sb = ub
        let localMax = sb; sb += dnBytes
        let globalMax = sb; sb += dnBytes
        let gm = sb; sb += dnBytes
        let gl = sb; sb += dnBytes
        let alpha = sb; sb += dnBytes
        let ll = sb; sb += dnBytes
        let dm = sb; sb += ndBytes
        let miNew = sb; sb += ndBytes
        let mij = sb; sb += ndBytes
        let prevMax = sb; sb += dnBytes
        let savedLl = sb; sb += dnBytes
        return Tiles(
            sij: mxn, sijPad: mxn, pij: pij, tmp: tmp, pijBf16: pijBf16,
            oiNew: Tile(.ub, rows: tm, cols: PAConfig.headDim, .f32),
            go: try at(Tile(.ub, rows: tm, cols: PAConfig.headDim, .f32), sb),
            localMaxDN: try at(dn, localMax), globalMaxDN: try at(dn, globalMax), alphaDN: try at(dn, alpha),
            llDN: try at(dn, ll), glDN: try at(dn, gl), savedLlDN: try at(dn, savedLl),
            gmND: try at(nd, gm), glND: try at(nd, gl), alphaND: try at(nd, alpha), llND: try at(nd, ll),
            dmND: try at(nd, dm), miNewND: try at(nd, miNew), mijND: try at(nd, mij),
            localMaxRow: try at(row, localMax), globalMaxRow: try at(row, globalMax), savedMaxRow: try at(row, gm),
            prevMaxRow: try at(row, prevMax))
    }

    mutating func processLogicalBlock(_ core: CoreIssuer, kvBlocks n: Int, validLenOfLast: Int, out: GMView) throws {
        var t = try makeTiles(core)
        let lastPartial = validLenOfLast < args.blockSize
        if n == 1 {
            try sf(core, &t, i: 0, lastPartial: lastPartial, validLen: validLenOfLast)
            try up(core, &t, i: 0, ll: t.llDN, current: t.globalMaxRow, previous: t.globalMaxRow)
        } else {
            try sf(core, &t, i: 0, lastPartial: false, validLen: validLenOfLast)
            for i in 1..<n {
                // Shift the max history (prev ← M[i−2], saved ← M[i−1]) and keep l[i−1] for UP[i−1].
                core.tmuls(t.prevMaxRow, t.savedMaxRow, 1, label: "aiv.shift.prev-max", detail: i)
                core.tmuls(t.savedMaxRow, t.globalMaxRow, 1, label: "aiv.shift.saved-max", detail: i)
                core.tmuls(t.savedLlDN, t.llDN, 1, label: "aiv.shift.saved-l", detail: i)
                plan.barrier(core, .v, "aiv.shift")
                try sf(core, &t, i: i, lastPartial: i == n - 1 && lastPartial, validLen: validLenOfLast)
                try up(core, &t, i: i - 1, ll: t.savedLlDN, current: t.savedMaxRow, previous: t.prevMaxRow)
            }
            try up(core, &t, i: n - 1, ll: t.llDN, current: t.globalMaxRow, previous: t.savedMaxRow)
        }
        // out = go / gl
        core.treshape(&t.glDN, t.glND)
        plan.barrier(core, .v, "aiv.out.div")
        core.trowexpanddiv(t.go, t.go, t.glDN, label: "aiv.out.div", detail: n)
        plan.pair(core, .v, .mte3, 0, "aiv.out.v-mte3")
        core.tstore(out, t.go, label: "aiv.out.tstore", detail: n)
        plan.pair(core, .mte3, .s, 7, "aiv.out.mte3-s")
    }

    /// SF[i]: pop sij, −inf pad of a partial last block, running max, p = exp(s·scale − M), bf16 round trip with
    /// CAST_ROUND, row sum of the rounded p, push pij.
    mutating func sf(_ core: CoreIssuer, _ t: inout Tiles, i: Int, lastPartial: Bool, validLen: Int) throws {
        let cfg = args.config, scale = args.scale
        // The slot TPOP will land in, read before TPOP: the tile counter runs across logical blocks (#1843).
        let slot = sij.consumerTileId % PAConfig.localSlotNum
        core.tpop(&sij, &t.sij, split: .upDown, label: "aiv.sf.tpop-sij", detail: i)
        plan.pair(core, .mte2, .v, 0, "aiv.sf.mte2-v")
        if lastPartial {
            try core.tassign(&t.sijPad, cfg.sijUBBase + slot * cfg.sijSlotSize)
            core.tfillpadInplace(t.sijPad, validCols: validLen, label: "aiv.sf.fillpad", detail: i)
            plan.barrier(core, .v, "aiv.sf.pad")
        }
        core.trowmax(t.localMaxDN, t.sij, t.tmp, label: "aiv.sf.rowmax", detail: i)
        plan.barrier(core, .v, "aiv.sf.rowmax")
        core.treshape(&t.localMaxRow, t.localMaxDN)
        if i == 0 {
            core.tmuls(t.globalMaxRow, t.localMaxRow, scale, label: "aiv.sf.max0", detail: i)
        } else {
            core.tmuls(t.localMaxRow, t.localMaxRow, scale, label: "aiv.sf.scale-max", detail: i)
            plan.barrier(core, .v, "aiv.sf.max")
            core.tmax(t.globalMaxRow, t.globalMaxRow, t.localMaxRow, label: "aiv.sf.tmax", detail: i)
        }
        core.treshape(&t.globalMaxDN, t.globalMaxRow)
        core.tmuls(t.sij, t.sij, scale, label: "aiv.sf.scale-s", detail: i)
        plan.barrier(core, .v, "aiv.sf.scale")
        core.trowexpandsub(t.pij, t.sij, t.globalMaxDN, label: "aiv.sf.sub-max", detail: i)
        plan.barrier(core, .v, "aiv.sf.sub")
        core.texp(t.pij, t.pij, label: "aiv.sf.exp", detail: i)
        plan.barrier(core, .v, "aiv.sf.exp")
        core.tcvt(t.pijBf16, t.pij, .castRound, label: "aiv.sf.cvt-bf16", detail: i)
        plan.barrier(core, .v, "aiv.sf.cvt-bf16")
        core.tcvt(t.pij, t.pijBf16, .castRound, label: "aiv.sf.cvt-f32", detail: i)
        plan.barrier(core, .v, "aiv.sf.cvt-f32")
        core.trowsum(t.llDN, t.pij, t.tmp, label: "aiv.sf.rowsum", detail: i)
        plan.pair(core, .v, .mte3, 0, "aiv.sf.v-mte3")
        core.tpush(&pij, t.pijBf16, split: .upDown, label: "aiv.sf.tpush-pij", detail: i)
        if plan.pijMte3ToV { plan.pair(core, .mte3, .v, 0, "pij-mte3-v") }
    }

    /// UP[i]: pop oi, then go = go·α + oi and gl = gl·α + l with α = exp(M[i−1] − M[i]) (i = 0: copies).
    mutating func up(_ core: CoreIssuer, _ t: inout Tiles, i: Int, ll: Tile, current: Tile, previous: Tile) throws {
        core.tpop(&oi, &t.oiNew, split: .upDown, label: "aiv.up.tpop-oi", detail: i)
        plan.pair(core, .mte2, .v, 1, "aiv.up.mte2-v")
        if i == 0 {
            core.tmuls(t.go, t.oiNew, 1, label: "aiv.up.go0", detail: i)
            core.treshape(&t.llND, ll)
            plan.barrier(core, .v, "aiv.up.init")
            core.tmuls(t.glND, t.llND, 1, label: "aiv.up.gl0", detail: i)
        } else {
            core.treshape(&t.llND, ll)
            core.treshape(&t.mijND, current)
            core.treshape(&t.dmND, previous)
            core.tsub(t.alphaND, t.dmND, t.mijND, label: "aiv.up.max-diff", detail: i)
            plan.barrier(core, .v, "aiv.up.sub")
            core.texp(t.alphaND, t.alphaND, label: "aiv.up.alpha", detail: i)
            plan.barrier(core, .v, "aiv.up.exp")
            core.treshape(&t.alphaDN, t.alphaND)
            core.trowexpandmul(t.go, t.go, t.alphaDN, label: "aiv.up.rescale-go", detail: i)
            plan.barrier(core, .v, "aiv.up.rescale")
            core.tadd(t.go, t.go, t.oiNew, label: "aiv.up.add-oi", detail: i)
            core.tmul(t.glND, t.glND, t.alphaND, label: "aiv.up.rescale-gl", detail: i)
            plan.barrier(core, .v, "aiv.up.gl")
            core.tadd(t.glND, t.glND, t.llND, label: "aiv.up.add-l", detail: i)
        }
        plan.barrier(core, .v, "aiv.up.end")
    }
}
